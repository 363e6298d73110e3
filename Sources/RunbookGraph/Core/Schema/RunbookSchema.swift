/// The JSON Schema (draft 2020-12) of the runbook format, for editors.
/// `Tests/RunbookGraphTests/SchemaTests` validates every bundled runbook
/// against it with a real validator, so the schema and the loader agree.
public enum RunbookSchema {
    public static let json = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://runbook.dev/schema/runbook.json",
          "title": "runbook step graph",
          "description": "A runbook as a declarative graph of steps. See docs/FORMAT.md.",
          "type": "object",
          "additionalProperties": false,
          "required": ["runbook", "title", "start", "steps"],
          "properties": {
            "runbook": { "$ref": "#/$defs/id", "description": "Id of the runbook, unique in the library." },
            "title": { "$ref": "#/$defs/text" },
            "description": { "type": "string" },
            "source": { "type": "string", "description": "URL of the document this runbook was written from." },
            "service": { "type": "string", "minLength": 1, "description": "The service or team the runbook belongs to." },
            "tags": {
              "description": "Words to find the runbook by in the library picker.",
              "oneOf": [{ "type": "string", "minLength": 1 }, { "type": "array", "items": { "type": "string", "minLength": 1 } }]
            },
            "match": {
              "description": "Which alerts this runbook handles: a condition, or a list of conditions of which any must hold.",
              "oneOf": [
                { "$ref": "#/$defs/condition" },
                { "type": "array", "items": { "$ref": "#/$defs/condition" } }
              ]
            },
            "variables": {
              "type": "object",
              "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
              "additionalProperties": { "oneOf": [{ "type": "null" }, { "$ref": "#/$defs/variable" }] }
            },
            "start": { "$ref": "#/$defs/id", "description": "Id of the first step." },
            "steps": {
              "type": "object",
              "minProperties": 1,
              "propertyNames": { "$ref": "#/$defs/id" },
              "additionalProperties": { "$ref": "#/$defs/step" }
            },
            "timebox": { "$ref": "#/$defs/timebox" },
            "timeout": { "$ref": "#/$defs/duration", "description": "Default timeout of command steps." },
            "shell": { "$ref": "#/$defs/text" },
            "redact": {
              "description": "Extra regular expressions whose matches are redacted in transcripts.",
              "type": "array",
              "items": { "type": "string" }
            }
          },
          "$defs": {
            "id": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$" },
            "text": { "type": "string", "minLength": 1 },
            "duration": {
              "type": "string",
              "pattern": "^\\s*([0-9]+(ms|s|m|h|d))+\\s*$",
              "description": "A number with a unit: 500ms, 10s, 5m, 1h30m, 2d."
            },
            "scalar": { "type": ["string", "number", "boolean", "null"] },
            "variable": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "description": { "type": "string" },
                "type": { "enum": ["string", "int", "duration"] },
                "from": {
                  "oneOf": [
                    { "$ref": "#/$defs/alertField" },
                    { "type": "array", "items": { "$ref": "#/$defs/alertField" } }
                  ]
                },
                "derive": { "type": "string", "minLength": 1, "description": "Variable the regex is applied to." },
                "regex": { "type": "string", "description": "First capture group (or whole match) becomes the value." },
                "ask": { "$ref": "#/$defs/text" },
                "choices": {
                  "oneOf": [
                    { "type": "array", "items": { "type": ["string", "number"] } },
                    { "type": "object", "additionalProperties": { "$ref": "#/$defs/scalar" } }
                  ]
                },
                "default": { "$ref": "#/$defs/scalar" },
                "pattern": { "type": "string" },
                "secret": { "type": "boolean" },
                "leading_dash": { "type": "boolean", "description": "May the value start with '-'? Default: not for values from the alert." }
              },
              "dependentRequired": { "derive": ["regex"], "regex": ["derive"] }
            },
            "alertField": { "type": "string", "pattern": "^alert\\..+" },
            "step": {
              "type": "object",
              "additionalProperties": false,
              "required": ["title"],
              "properties": {
                "title": { "$ref": "#/$defs/text" },
                "text": { "type": "string" },
                "run": { "$ref": "#/$defs/run" },
                "outcomes": {
                  "type": "object",
                  "minProperties": 1,
                  "propertyNames": { "$ref": "#/$defs/id" },
                  "additionalProperties": { "$ref": "#/$defs/outcome" }
                },
                "next": { "$ref": "#/$defs/next" },
                "end": { "enum": ["resolved", "escalated", "handed-off"] },
                "to": { "$ref": "#/$defs/text" },
                "links": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["url"],
                    "properties": { "title": { "$ref": "#/$defs/text" }, "url": { "$ref": "#/$defs/text" } }
                  }
                },
                "timebox": { "$ref": "#/$defs/timebox" },
                "review": { "type": "string" },
                "capture": { "$ref": "#/$defs/capture" }
              },
              "oneOf": [
                { "required": ["end"], "not": { "anyOf": [{ "required": ["next"] }, { "required": ["outcomes"] }, { "required": ["run"] }] } },
                { "required": ["next"], "not": { "anyOf": [{ "required": ["end"] }, { "required": ["outcomes"] }, { "required": ["to"] }] } },
                { "required": ["outcomes"], "not": { "anyOf": [{ "required": ["end"] }, { "required": ["next"] }, { "required": ["to"] }] } }
              ]
            },
            "timebox": {
              "description": "How long before the prompt to escalate: a duration, or where to escalate too.",
              "oneOf": [
                { "$ref": "#/$defs/duration" },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["after"],
                  "properties": {
                    "after": { "$ref": "#/$defs/duration" },
                    "to": { "$ref": "#/$defs/text" },
                    "url": { "$ref": "#/$defs/text" },
                    "runbook": { "$ref": "#/$defs/id" },
                    "snooze": { "$ref": "#/$defs/duration" }
                  }
                }
              ]
            },
            "capture": {
              "description": "Values read out of the command's output: named groups of a regular expression, or JSON paths.",
              "oneOf": [
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["regex"],
                  "properties": { "regex": { "type": "string", "pattern": "\\(\\?P?<[A-Za-z_][A-Za-z0-9_]*>" } }
                },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["json"],
                  "properties": {
                    "json": {
                      "type": "object",
                      "minProperties": 1,
                      "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
                      "additionalProperties": { "type": "string", "minLength": 1 }
                    }
                  }
                }
              ]
            },
            "run": {
              "oneOf": [
                { "$ref": "#/$defs/text" },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["command"],
                  "properties": {
                    "command": { "$ref": "#/$defs/text" },
                    "host": { "$ref": "#/$defs/text" },
                    "timeout": { "$ref": "#/$defs/duration" },
                    "confirm": { "type": "boolean" },
                    "background": { "type": "boolean" },
                    "interactive": { "type": "boolean" }
                  }
                }
              ]
            },
            "outcome": {
              "oneOf": [
                { "$ref": "#/$defs/id" },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["next"],
                  "properties": {
                    "label": { "$ref": "#/$defs/text" },
                    "when": { "$ref": "#/$defs/condition" },
                    "next": { "$ref": "#/$defs/next" }
                  }
                }
              ]
            },
            "next": {
              "oneOf": [
                { "$ref": "#/$defs/id" },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "anyOf": [{ "required": ["runbook"] }, { "required": ["url"] }],
                  "properties": {
                    "runbook": { "$ref": "#/$defs/id" },
                    "url": { "$ref": "#/$defs/text" },
                    "title": { "$ref": "#/$defs/text" },
                    "then": { "$ref": "#/$defs/id" }
                  }
                }
              ]
            },
            "condition": {
              "type": "object",
              "minProperties": 1,
              "oneOf": [
                {
                  "required": ["var"],
                  "additionalProperties": false,
                  "minProperties": 2,
                  "maxProperties": 2,
                  "properties": {
                    "var": { "type": "string" },
                    "eq": { "$ref": "#/$defs/scalar" },
                    "ne": { "$ref": "#/$defs/scalar" },
                    "lt": { "$ref": "#/$defs/scalar" },
                    "le": { "$ref": "#/$defs/scalar" },
                    "gt": { "$ref": "#/$defs/scalar" },
                    "ge": { "$ref": "#/$defs/scalar" },
                    "matches": { "type": "string" }
                  }
                },
                {
                  "not": { "required": ["var"] },
                  "additionalProperties": false,
                  "properties": {
                    "all": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/condition" } },
                    "any": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/condition" } },
                    "not": { "$ref": "#/$defs/condition" },
                    "alert_contains": { "$ref": "#/$defs/text" },
                    "alert_matches": { "type": "string" },
                    "label": { "type": "object", "additionalProperties": { "$ref": "#/$defs/scalar" } },
                    "label_matches": { "type": "object", "additionalProperties": { "type": "string" } },
                    "output_contains": { "$ref": "#/$defs/text" },
                    "output_matches": { "type": "string" },
                    "exit_code": { "type": "integer" },
                    "duration_over": { "$ref": "#/$defs/duration" },
                    "duration_under": { "$ref": "#/$defs/duration" },
                    "timed_out": { "type": "boolean" }
                  }
                }
              ]
            }
          }
        }
        """#
}
