import Foundation
import Testing
import TestSupport
@testable import RunbookGraph

/// The published JSON Schema accepts every bundled runbook and rejects what
/// the loader rejects, checked with Python's `jsonschema` (a real validator).
struct SchemaTests {
    /// Loads YAML with YAML 1.2 scalars (as our loader does: `yes` stays a string)
    /// and validates it against the schema; prints one line per file.
    static let script = #"""
        import json, sys, yaml, jsonschema
        class Loader(yaml.SafeLoader):
            pass
        Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:bool']
                                          for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
        Loader.add_implicit_resolver('tag:yaml.org,2002:bool', __import__('re').compile(r'^(?:true|True|TRUE|false|False|FALSE)$'), list('tTfF'))
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            doc = yaml.load(open(path), Loader=Loader)
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
            print(path, 'valid' if not errors else 'invalid: ' + errors[0].message[:200])
        """#

    func validate(_ files: [String]) throws -> [String] {
        let dir = try TemporaryFolder()
        let schema = try dir.write("schema.json", RunbookSchema.json)
        let script = try dir.write("check.py", Self.script)
        let result = try runProcess("/usr/bin/env", ["python3", script, schema] + files)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func schemaIsValidJSON() throws {
        let object = try JSONSerialization.jsonObject(with: Data(RunbookSchema.json.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test(.requiresPython(["jsonschema", "yaml"], packages: "python3-jsonschema python3-yaml"))
    func everyBundledRunbookIsValidAgainstTheSchema() throws {
        // Practice scenarios have a format of their own (docs/PRACTICE.md).
        let files = Library.runbookFiles(under: Paths.runbooks.path).filter { !$0.contains("/practice/") }
        #expect(!files.isEmpty)
        let lines = try validate(files)
        #expect(lines == files.map { "\($0) valid" })
    }

    /// What `runbook import` writes is valid for editors too, not only for our loader.
    @Test(.requiresPython(["jsonschema", "yaml"], packages: "python3-jsonschema python3-yaml"))
    func importedRunbooksAreValidAgainstTheSchema() throws {
        let dir = try TemporaryFolder()
        let markdown = Paths.fixtures.appendingPathComponent("markdown")
        var sources = [markdown.appendingPathComponent("armada-global-scrape-failure.md").path]
        sources += try FileManager.default.contentsOfDirectory(atPath: markdown.appendingPathComponent("external").path)
            .filter { $0.hasSuffix(".md") && $0 != "SOURCES.md" }.sorted()
            .map { markdown.appendingPathComponent("external/\($0)").path }
        var files: [String] = []
        for source in sources {
            let result = try MarkdownImporter().importFile(source)
            files.append(try dir.write(MarkdownImporter.outputName(source), result.yaml))
        }
        #expect(try validate(files) == files.map { "\($0) valid" })
    }

    @Test(.requiresPython(["jsonschema", "yaml"], packages: "python3-jsonschema python3-yaml"))
    func schemaRejectsWhatTheLoaderRejects() throws {
        let names = [
            "02-unknown-root-key", "03-unknown-step-key", "04-unknown-run-key", "05-title-wrong-type",
            "06-confirm-not-bool", "07-steps-is-a-list", "08-missing-start", "20-invalid-duration-timeout",
            "22-unknown-ending", "24-next-and-outcomes", "25-end-step-with-next", "26-outcome-without-next",
            "27-link-to-nowhere", "30-unknown-variable-type", "34-unknown-condition-key",
            "35-variable-condition-two-tests", "36-empty-steps", "37-invalid-step-id", "44-to-without-end",
            "46-from-not-alert-field", "47-run-without-command", "48-step-without-title"
        ]
        let files = names.map { Paths.fixtures.appendingPathComponent("invalid/\($0).yaml").path }
        for (file, line) in zip(files, try validate(files)) {
            #expect(line.hasPrefix("\(file) invalid"), "\(line)")
            #expect(!RunbookLoader().load(path: file).isValid)
        }
    }
}

struct PublishedSchemaTests {
    @Test func docsCopyOfTheSchemaIsCurrent() throws {
        let published = try String(
            contentsOf: Paths.repository.appendingPathComponent("docs/runbook.schema.json"), encoding: .utf8)
        #expect(published == RunbookSchema.json + "\n", "run: swift run runbook schema > docs/runbook.schema.json")
    }
}
