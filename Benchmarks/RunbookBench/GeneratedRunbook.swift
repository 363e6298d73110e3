/// A synthetic runbook of `steps` steps shaped like real ones: every step has
/// text, most run a templated command, and each offers two outcomes with
/// conditions, so the loader and validator do their full work per step.
enum GeneratedRunbook {
    static func text(steps: Int) -> String {
        var out = """
            runbook: generated-\(steps)
            title: Generated runbook with \(steps) steps
            timeout: 2m
            match:
              - label: { alertname: Generated }
              - alert_matches: '_generated\\.'
            variables:
              host: { from: alert.hostname, ask: Host?, pattern: '^[a-z0-9.-]+$' }
              count: { type: int, default: "3" }
            start: s0
            steps:

            """
        out.reserveCapacity(steps * 360)
        for i in 0..<steps {
            let next = i + 1 < steps ? "s\(i + 1)" : "done"
            if i % 4 == 3 {
                out += """
                      s\(i):
                        title: Check the dashboard for part \(i)
                        text: |
                          Open the dashboard of **{{host}}** and look at panel \(i).
                          - if it is green, go on
                          - otherwise escalate
                        outcomes:
                          green: { label: Panel \(i) is green, next: \(next) }
                          red: { label: Panel \(i) is red, when: { var: count, ge: \(i % 7) }, next: escalate }

                    """
            } else {
                out += """
                      s\(i):
                        title: Check service \(i) on the host
                        text: Service \(i) must report `Running`.
                        run:
                          command: kubectl get pods -n ns\(i % 13) -o wide | grep {{host}}
                          timeout: 30s
                        outcomes:
                          running: { label: Running, when: { output_matches: 'Running\\s+\(i % 10)' }, next: \(next) }
                          broken: { label: Not running, when: { not: { output_contains: Running } }, next: escalate }

                    """
            }
        }
        out += """
              escalate: { title: Escalate, end: escalated, to: the owning squad }
              done: { title: Done, end: resolved }

            """
        return out
    }
}
