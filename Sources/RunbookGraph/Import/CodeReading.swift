/// Tells commands apart from everything else that sits in code: sample
/// output, log lines, JSON and YAML payloads, program source, identifiers.
enum CodeReading {
    /// A piece of a code block: commands to run, or text to show.
    enum Piece: Equatable {
        case command(String)
        case output(String)
    }

    /// Languages whose blocks are never shell commands.
    static let dataLanguages: Set<String> = [
        "json", "yaml", "yml", "xml", "toml", "ini", "log", "logs", "output", "diff", "html", "css",
        "js", "javascript", "ts", "typescript", "python", "py", "go", "golang", "java", "groovy", "ruby", "rb",
        "sql", "promql", "hcl", "terraform", "jsonnet", "libsonnet", "c", "cpp", "rust", "swift", "csv",
        "mermaid", "dockerfile", "nginx", "apache", "properties", "conf", "text-output"
    ]

    /// Languages that say "type this into a shell".
    static let shellLanguages: Set<String> = [
        "sh", "bash", "shell", "zsh", "ksh", "fish", "console", "shell-session", "shellsession", "terminal", "cmd",
        "powershell", "ps1", "pwsh"
    ]

    /// Program names that start a shell command line.
    static let commandNames: Set<String> = [
        "kubectl", "oc", "helm", "docker", "podman", "crictl", "ctr", "nerdctl", "kubeadm", "minikube", "kind", "k9s",
        "stern",
        "kubectx", "kubens", "istioctl", "linkerd", "argocd", "flux", "velero", "curl", "wget", "http", "ssh", "scp",
        "rsync",
        "sudo", "su", "systemctl", "journalctl", "service", "grep", "egrep", "zgrep", "rg", "cat", "zcat", "tail",
        "head",
        "less", "more", "ls", "cd", "find", "ps", "pgrep", "pkill", "kill", "killall", "top", "htop", "atop", "df",
        "du",
        "ncdu", "free", "export", "echo", "printf", "time", "watch", "ping", "mtr", "traceroute", "tracepath", "dig",
        "nslookup", "host", "nc", "ncat", "telnet", "openssl", "aws", "gcloud", "gsutil", "az", "ibmcloud", "ic",
        "terraform", "ansible", "ansible-playbook", "git", "gh", "glab", "make", "python", "python3", "pip", "pip3",
        "npm", "node", "go", "java", "jq", "yq", "awk", "sed", "sort", "uniq", "wc", "xargs", "tar", "gzip", "gunzip",
        "rm", "mv", "cp", "mkdir", "chmod", "chown", "ln", "touch", "mount", "umount", "lsblk", "blkid", "fdisk",
        "parted",
        "ip", "ifconfig", "netstat", "ss", "iptables", "ip6tables", "nft", "tcpdump", "strace", "ltrace", "lsof",
        "vmstat",
        "iostat", "mpstat", "pidstat", "sar", "uptime", "dmesg", "crontab", "psql", "pg_dump", "pg_restore", "mysql",
        "mysqldump", "redis-cli", "mongo", "mongosh", "etcdctl", "consul", "vault", "nomad", "fly", "bosh", "bosh-cli",
        "cf", "monit", "fab", "knife", "chef-client", "salt", "docker-compose", "logrotate", "truncate", "apt",
        "apt-get",
        "yum", "dnf", "snap", "brew", "smee", "jps", "jstack", "jmap", "gitlab-rails", "gitlab-ctl", "gitlab-rake",
        "gitlab-psql", "rake", "bundle", "rails", "bash", "sh", "zsh", "env", "date", "hostname", "whoami", "id",
        "nohup",
        "tee", "base64", "stat", "file", "tree", "diff", "cmp", "sha256sum", "md5sum", "nmap", "arp", "route",
        "ethtool",
        "resolvectl", "nsenter", "chroot", "exec", "source", "unset", "set", "test", "timeout", "screen", "tmux",
        "docker-machine", "virsh", "vagrant", "packer", "pulumi", "eksctl", "doctl", "hcloud", "kafka-topics",
        "kafka-consumer-groups",
        "nodetool", "cqlsh", "rabbitmqctl", "zkcli", "pdsh", "clush", "ipmitool", "smartctl", "mdadm", "lvs", "vgs",
        "pvs", "xfs_repair", "fsck", "e2fsck", "resize2fs", "swapoff", "swapon", "sysctl", "ulimit", "numactl", "perf",
        "gdb", "pstack", "iotop", "iftop", "nethogs", "conntrack", "ipvsadm", "bpftrace", "auditctl", "ausearch",
        "getenforce", "setenforce", "restorecon", "update-ca-certificates", "certbot", "keytool", "gpg", "chronyc",
        "ntpq", "timedatectl", "hostnamectl", "loginctl", "shutdown", "reboot", "wall", "logger", "nc.openbsd"
    ]

    /// Commands that take over the terminal until the operator quits them.
    static let interactiveNames: Set<String> = [
        "top", "htop", "atop", "iotop", "iftop", "nethogs", "ncdu", "less", "more", "vim", "vi", "nano", "screen",
        "tmux", "watch", "mongo", "mongosh", "redis-cli", "cqlsh"
    ]

    /// Phrases before a block that say it shows output rather than commands to run.
    static let outputCues = [
        "output", "similar to", "yields", "should see", "will see", "you see", "look like", "looks like",
        "looks something like",
        "returns", "will return", "response", "result:", "results:", "prints", "will show", "shows something",
        "example log",
        "error logs", "log lines", "logs similar", "message like", "messages like", "displays"
    ]

    /// Phrases before a block that say it is a file's content.
    static let fileCues = [
        "save this", "save the following", "as a script", "into a file", "to a file called", "file named",
        "create a file", "contents of the file", "content of the file"
    ]

    /// Reads a fenced or indented block. `intro` is the prose just before it.
    static func read(_ code: String, language: String, intro: String) -> [Piece] {
        let lang = language.lowercased()
        let text = MarkdownInline.decodeEntities(code)
        let lines = text.byteLines
        guard lines.contains(where: { !$0.trimmingSpaces.isEmpty }) else { return [] }
        // A SQL block is for the database: the reader runs it with the document's client, or keeps it as text.
        if ["sql", "postgresql", "pgsql", "plpgsql", "mysql", "psql"].contains(lang), isSQL(text) {
            return [.command(trimmedBlock(lines))]
        }
        if dataLanguages.contains(lang) { return [.output(text)] }
        let introLower = intro.lowercased()
        // "you see" announces output, but "If you see one …" is a condition about it.
        let cued = outputCues.contains { cue in
            introLower.containsBytes(cue)
                && !(cue == "you see"
                    && (introLower.containsBytes("if you see") || introLower.containsBytes("when you see")))
        }
        if cued && !introLower.containsBytes("command") {
            return [.output(text)]
        }
        // "Save this code as a script.", a block opening with `#!`: a file to write, not commands to run.
        if fileCues.contains(where: { introLower.containsBytes($0) })
            || lines.first(where: { !$0.trimmingSpaces.isEmpty })?.trimmingSpaces.hasPrefix("#!") == true
        {
            return [.output(text)]
        }
        // `# cmd` is a root prompt only in a block with no other prompt; after `$ ` it is a comment.
        let rootSession = !lines.contains { prompt($0, allowHash: false) != nil }
        if lines.contains(where: { prompt($0, allowHash: rootSession) != nil }) {
            return readPrompted(lines, allowHash: rootSession)
        }
        // A command and what it printed, with no prompt: the first line runs, the rest is its output.
        let content = lines.filter { !$0.trimmingSpaces.isEmpty }
        if content.count >= 2, isCommandLine(content[0]), !content[0].hasSuffix("\\"),
            !content.dropFirst().contains(where: { isCommandLine($0) || $0.trimmingSpaces.hasPrefix("#") }),
            looksLikeData(Array(content.dropFirst()))
        {
            let first = lines.firstIndex { !$0.trimmingSpaces.isEmpty }!
            return [.command(content[0].trimmingSpaces), .output(lines[(first + 1)...].joined(separator: "\n"))]
        }
        if looksLikeData(lines) { return [.output(text)] }
        // The author said it is shell: every line of it runs, known program or not.
        if shellLanguages.contains(lang) { return [.command(trimmedBlock(lines))] }
        // No prompts: a script when most of its lines start with a command.
        let logical = joinContinuations(lines.filter { !$0.trimmingSpaces.isEmpty })
        let meaningful = logical.filter { !$0.trimmingSpaces.hasPrefix("#") && !$0.trimmingSpaces.hasPrefix("//") }
        guard !meaningful.isEmpty else { return [.output(text)] }
        let commandLines = meaningful.filter { isCommandLine($0) }.count
        if commandLines * 2 >= meaningful.count, isCommandLine(meaningful[0]) {
            return [.command(trimmedBlock(lines))]
        }
        // "Check the queues:" before `sentry queues list`: an in-house tool the prose says to run.
        if meaningful.count <= 3, asksToRun(intro), meaningful.allSatisfy(looksLikeCommandSyntax) {
            return [.command(trimmedBlock(lines))]
        }
        return [.output(text)]
    }

    static let runVerbs: Set<String> = [
        "run", "check", "execute", "issue", "use", "type", "enter", "list", "show", "get", "verify", "restart", "start",
        "stop",
        "delete", "call", "invoke", "try", "query", "inspect", "view", "find", "confirm", "ensure", "connect", "login",
        "trigger"
    ]

    /// The sentence before a block tells the reader to run it ("Check the queues:", "Run the following").
    static func asksToRun(_ intro: String) -> Bool {
        let lower = MarkdownInline.plain(intro).lowercased().trimmingSpaces
        guard lower.hasSuffix(":") else { return false }
        let sentence = MarkdownInline.sentences(lower).last ?? lower
        let first = String(sentence.prefix { $0.isLetter })
        return runVerbs.contains(first) || sentence.containsBytes(" run") || sentence.containsBytes("command")
    }

    /// `sentry queues list`: a lower-case program name and arguments, not prose or a table row.
    static func looksLikeCommandSyntax(_ line: String) -> Bool {
        let t = line.trimmingSpaces
        let words = t.split(separator: " ")
        guard words.count >= 2, words.count <= 30, !t.containsBytes("  "), let last = t.last, !".:;,".contains(last)
        else { return false }
        return words[0].first.map { $0.isLowercase && $0.isASCII } == true
            && words[0].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-_./".contains($0)) }
    }

    /// `$ cmd`, `# cmd` (root), `user@host:~$ cmd`, `[user@host dir]$ cmd`, `PS> cmd`: the command.
    static func prompt(_ line: String, allowHash: Bool) -> String? {
        let t = line.trimmingSpaces
        for p in ["$ ", "% ", "PS> ", "> "] where t.hasPrefix(p) {
            let rest = t.dropFirst(p.count).trimmingSpaces
            if p == "> " || p == "% " { return isCommandLine(rest) ? rest : nil }
            return rest.isEmpty ? nil : rest
        }
        if allowHash, t.hasPrefix("# ") {
            let rest = t.dropFirst(2).trimmingSpaces
            return isCommandLine(rest) && !rest.containsBytes("...") ? rest : nil
        }
        // user@host:path$ or [user@host path]$ or host# prompts.
        guard t.utf8.contains(0x40), let at = t.firstIndex(of: "@"),
            t[..<at].allSatisfy({ $0.isLetter || $0.isNumber || "-_.[".contains($0) })
        else { return nil }
        var i = t.index(after: at)
        while i < t.endIndex, !t[i].isWhitespace || t[t.startIndex] == "[" {
            if t[i] == "$" || t[i] == "#" {
                let next = t.index(after: i)
                if next == t.endIndex || t[next] == " " {
                    let rest = t[next...].trimmingSpaces
                    return rest.isEmpty ? nil : rest
                }
            }
            if t[t.startIndex] == "[", t[i] == "]" {
                i = t.index(after: i)
                continue
            }
            i = t.index(after: i)
        }
        return nil
    }

    /// Prompted lines are commands (with `\` continuations); the rest is their output.
    static func readPrompted(_ lines: [String], allowHash: Bool) -> [Piece] {
        var pieces: [Piece] = []
        var output: [String] = []
        var i = 0
        func flushOutput() {
            while output.last?.trimmingSpaces.isEmpty == true { output.removeLast() }
            while output.first?.trimmingSpaces.isEmpty == true { output.removeFirst() }
            if !output.isEmpty { pieces.append(.output(output.joined(separator: "\n"))) }
            output = []
        }
        while i < lines.count {
            if var command = prompt(lines[i], allowHash: allowHash) {
                flushOutput()
                while command.hasSuffix("\\"), i + 1 < lines.count {
                    i += 1
                    command += "\n" + lines[i].trimmingSpaces
                }
                // Consecutive prompted commands run together, as one script.
                if case .command(let previous)? = pieces.last {
                    pieces[pieces.count - 1] = .command(previous + "\n" + command)
                } else {
                    pieces.append(.command(command))
                }
            } else {
                output.append(lines[i])
            }
            i += 1
        }
        flushOutput()
        return pieces
    }

    /// Does this line start like a shell command?
    static func isCommandLine(_ line: String) -> Bool {
        var words = line.trimmingSpaces.utf8.split(separator: 0x20, maxSplits: 8, omittingEmptySubsequences: true).map {
            Substring($0)
        }
        // Leading environment assignments: `FOO=bar cmd`.
        while let first = words.first, let eq = first.firstIndex(of: "="), eq != first.startIndex,
            first[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), words.count > 1
        {
            words.removeFirst()
        }
        guard let first = words.first else { return false }
        let name = first.hasPrefix("(") ? first.dropFirst() : first[...]
        if name.hasPrefix("./") || name.hasPrefix("~/") { return name.count > 2 }
        if name.hasPrefix("/") {
            return (String(name).containsBytes("/bin/") || String(name).containsBytes("/sbin/")) && words.count >= 1
        }
        if commandNames.contains(String(name)) { return true }
        // `export FOO=bar`, `alias x=...`.
        return name == "alias" && words.count > 1
    }

    /// Payloads and tables: JSON, YAML documents, log lines, columns of output.
    static func looksLikeData(_ lines: [String]) -> Bool {
        let content = lines.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        guard let first = content.first else { return true }
        if first.hasPrefix("{") || first.hasPrefix("[") || first.hasPrefix("<") || first == "---" { return true }
        var score = 0
        for line in content {
            if line.hasPrefix("\"") || line.hasPrefix("}") || line.hasPrefix("]") { score += 1; continue }
            if startsWithTimestamp(line) || line.containsBytes("level=") || line.containsBytes("msg=") {
                score += 1; continue
            }
            if let colon = line.firstIndex(of: ":"),
                line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "_-. ".contains($0) }),
                !isCommandLine(line), line[..<colon].split(separator: " ").count <= 3
            {
                score += 1; continue
            }
            if line.containsBytes("   "), !isCommandLine(line) { score += 1; continue }
        }
        return score * 2 > content.count
    }

    static func startsWithTimestamp(_ line: String) -> Bool {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        if months.contains(where: { line.hasPrefix($0 + " ") }) { return true }
        let head = Array(line.prefix(10))
        if head.count == 10, head[4] == "-", head[7] == "-", head[0...3].allSatisfy(\.isNumber) { return true }
        if line.hasPrefix("["), line.dropFirst().first?.isNumber == true { return true }
        return false
    }

    static func joinContinuations(_ lines: [String]) -> [String] {
        var out: [String] = []
        var pending: String?
        for line in lines {
            if let p = pending {
                pending = nil
                let joined = p + " " + line.trimmingSpaces
                if joined.hasSuffix("\\") { pending = String(joined.dropLast()) } else { out.append(joined) }
            } else if line.hasSuffix("\\") {
                pending = String(line.dropLast())
            } else {
                out.append(line)
            }
        }
        if let p = pending { out.append(p) }
        return out
    }

    static func trimmedBlock(_ lines: [String]) -> String {
        var l = lines
        while l.last?.trimmingSpaces.isEmpty == true { l.removeLast() }
        while l.first?.trimmingSpaces.isEmpty == true { l.removeFirst() }
        return l.map(\.droppingTrailingSpaces).joined(separator: "\n")
    }

    /// An inline code span that is a command to run, with the prose around it.
    static func isInlineCommand(_ span: String, context: String) -> Bool {
        let t = MarkdownInline.decodeEntities(span).trimmingSpaces
        guard !t.isEmpty, !t.containsBytes("\n") else { return false }
        let words = t.split(separator: " ")
        guard isCommandLine(t) else {
            // An unknown program (an in-house CLI) counts when the prose says to run it.
            return words.count >= 2 && isProgramName(words[0]) && saysToRun(context, span: t)
        }
        if words.count >= 2 {
            // "your best friend is `kubectl describe`": a verb with nothing to act on names the tool.
            if words.count == 2, ["kubectl", "oc"].contains(String(words[0])),
                Self.objectVerbs.contains(String(words[1]))
            {
                return false
            }
            // "Successfully completing `az login` only proves ...": the command is what the sentence
            // talks about, not what it tells the reader to do.
            return !isMentioned(t, in: context)
        }
        // One word counts when the prose ends by saying to run it: "by running `jps`".
        let lower = context.lowercased().trimmingSpaces
        return ["run `\(t)`", "running `\(t)`", "execute `\(t)`", "issuing `\(t)`", "type `\(t)`", "command `\(t)`"]
            .contains { cue in
                guard let range = lower.byteRange(of: cue) else { return false }
                return lower[range.upperBound...].allSatisfy { ".,:;!) ".contains($0) }
            }
    }

    /// kubectl verbs that act on an object: alone they name the tool, not a command to run.
    static let objectVerbs: Set<String> = [
        "get", "describe", "logs", "delete", "edit", "exec", "patch", "apply", "label", "annotate", "scale",
        "rollout", "port-forward", "top", "cordon", "drain", "uncordon", "create", "expose", "set", "debug"
    ]

    /// The span is the object of a gerund that is the sentence's subject ("Completing `x` proves",
    /// "Running `x` will show"), or what a past or conditional clause talks about ("after `x` has run").
    static func isMentioned(_ span: String, in context: String) -> Bool {
        let lower = context.lowercased()
        guard let at = lower.byteRange(of: "`" + span.lowercased() + "`") else { return false }
        let sentenceStart =
            lower[..<at.lowerBound].lastIndex { ".!?:\n".contains($0) }.map { lower.index(after: $0) }
            ?? lower.startIndex
        let before = lower[sentenceStart..<at.lowerBound].split(separator: " ")
        // "they didn't pass this argument during `terraform init`".
        if let last = before.last, last == "during", before.count > 3 { return true }
        let after = lower[at.upperBound...].split(separator: " ", maxSplits: 3).prefix(3)
        let following = after.first?.trimmingCharacters(in: .punctuationCharacters)
        // "To run the same `terraform plan` command as the pipeline does:" names a command run below.
        if before.suffix(2) == ["the", "same"], following == "command" { return true }
        // "The pipeline failure will include the `terraform plan` output": what a command printed
        // elsewhere, unless the sentence tells the reader to look ("Check the `x` output").
        if before.last == "the", following == "output", before.count > 2,
            !ConditionSentence.startsWithImperative(String(lower[sentenceStart...]).trimmingSpaces)
        {
            return true
        }
        guard !before.isEmpty, before.count <= 3 else { return false }
        let gerund = before.contains {
            $0.count > 4 && $0.hasSuffix("ing")
                && !["running", "executing", "issuing", "using", "typing"].contains(String($0))
        }
        let verbAfter = after.contains {
            [
                "proves", "means", "shows", "only", "does", "doesn't", "will", "may", "succeeds", "fails", "is",
                "works", "returns"
            ].contains(String($0))
        }
        return gerund && verbAfter
    }

    /// `queuectl`, `armada-deploy`, `./fix.sh`: lower case, digits, `-_.`, no English stop word.
    static func isProgramName(_ word: Substring) -> Bool {
        guard word.count >= 2, let first = word.first, first.isLetter || first == "." else { return false }
        guard word.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || "-_./".contains($0) }) else {
            return false
        }
        return ![
            "the", "a", "an", "to", "and", "or", "if", "is", "are", "in", "on", "of", "for", "with", "not", "no",
            "status", "error"
        ].contains(String(word))
    }

    /// "run `x y`", "execute `x y`", "the command `x y`" (but not in a chat bot).
    static func saysToRun(_ context: String, span: String) -> Bool {
        let lower = context.lowercased()
        guard !lower.containsBytes(" bot"), !lower.containsBytes("slack"), !lower.containsBytes("chat") else {
            return false
        }
        return [
            "run `", "running `", "execute `", "executing `", "issue `", "issuing `", "type `", "command `",
            "command: `", "commands `"
        ]
        .contains { lower.containsBytes($0 + span.lowercased()) }
    }

    static let sqlStarts = [
        "select ", "insert into ", "update ", "delete from ", "alter table ", "create table ", "create index ",
        "drop table ",
        "drop index ", "vacuum", "analyze ", "grant ", "revoke ", "truncate table ", "truncate ", "explain ", "with "
    ]

    /// `select pg_drop_replication_slot('x');`: a SQL statement, which sh cannot run.
    static func isSQL(_ text: String) -> Bool {
        let t = text.trimmingSpaces.lowercased()
        guard sqlStarts.contains(where: { t.hasPrefix($0) }) else { return false }
        return t.hasSuffix(";") || t.containsBytes(" from ") || t.containsBytes("(") || t.containsBytes(" set ")
            || t.containsBytes(" where ")
    }

    /// Interactive (hands over the terminal) or background (keeps running) by its program.
    static func traits(of command: String) -> (interactive: Bool, background: Bool) {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard var first = words.first else { return (false, false) }
        var rest = Array(words.dropFirst())
        if first == "sudo" || first == "time" {
            if first == "sudo", rest == ["-i"] || rest == ["-s"] || rest == ["su", "-"] { return (true, false) }
            // Past sudo's own options (`-u postgres`, `-E`) to the program.
            while let option = rest.first, option.hasPrefix("-") {
                rest.removeFirst()
                if ["-u", "-g", "-h", "-p", "-C"].contains(option), !rest.isEmpty { rest.removeFirst() }
            }
            guard let next = rest.first else { return (false, false) }
            first = next
            rest = Array(rest.dropFirst())
        }
        if command.containsBytes("port-forward") || command.containsBytes("proxy --port") { return (false, true) }
        if interactiveNames.contains(first) { return (!(first == "top" && rest.contains("-b")), false) }
        if ["tail", "journalctl", "kubectl", "oc", "docker", "stern"].contains(first),
            rest.contains("-f") || rest.contains("--follow") || rest.contains("-xef") || rest.contains("-fx")
        {
            return (true, false)
        }
        if ["mysql", "psql", "gitlab-psql", "gitlab-rails"].contains(first) {
            let scripted = rest.contains {
                $0 == "-e" || $0 == "-c" || $0.hasPrefix("--command") || $0.hasPrefix("--execute") || $0 == "runner"
            }
            return (!scripted && !command.contains("<") && !command.contains("|"), false)
        }
        if ["ssh", "bosh", "bosh-cli", "docker-machine"].contains(first) {
            // `ssh host` with no remote command, `bosh ssh vm`: a shell.
            let positional = rest.filter { !$0.hasPrefix("-") }
            if first == "ssh" { return (positional.count <= 1, false) }
            return (positional.first == "ssh", false)
        }
        if ["kubectl", "oc", "docker", "podman"].contains(first),
            rest.contains("-it") || rest.contains("-ti") || rest.contains("rsh")
                || (rest.contains("exec") && rest.contains("-i"))
        {
            return (true, false)
        }
        if ["bash", "sh", "zsh", "python", "python3", "node"].contains(first), rest.isEmpty { return (true, false) }
        return (false, false)
    }
}

extension MarkdownDocument.Block {
    /// A code block, or prose with a code span that reads as a command to run.
    var hasCommand: Bool {
        switch self {
        case .code: return true
        case .paragraph(let t, _), .listItem(_, _, let t, _):
            return MarkdownInline.codeSpans(t).contains { CodeReading.isInlineCommand($0, context: t) }
        default: return false
        }
    }
}
