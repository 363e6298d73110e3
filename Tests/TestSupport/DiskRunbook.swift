import RunbookGraph

/// A small runbook for the tests of history, stats and recorded scenarios:
/// a check whose output suggests the way on, a fix, and two endings.
public enum DiskRunbook {
    public static let text = """
        runbook: disk
        title: Disk filling up
        match: { label: { alertname: DiskFilling } }
        variables:
          host: { description: The host, from: [alert.instance], ask: Which host? }
          token: { description: The API token, ask: Token?, secret: true }
        start: usage
        steps:
          usage:
            title: How full is the disk?
            run: df -h /data # {{host}}
            outcomes:
              full: { label: Full, when: { output_matches: '9[0-9]%' }, next: clean }
              fine: { label: Fine, next: resolved }
          clean:
            title: Clean the old logs
            run: find /data/logs -mtime +7 -delete
            outcomes:
              done: { label: Cleaned, next: resolved }
              stuck: { label: Still full, next: escalate }
          resolved: { title: Resolved, end: resolved }
          escalate: { title: Escalate, end: escalated }
        """

    public static let runbook: Runbook = RunbookLoader().load(text: text, path: "disk.yaml").runbook!
}
