/// Programs that read one of their arguments as code: a value there is parsed
/// a second time (by `sh -c`, `eval`, the remote shell of `ssh`, `watch`, an
/// interpreter's `-c`/`-e`, an awk program or a sed script), so quoting it for
/// the first shell cannot make it a literal.
enum ShellCommandRules {
    static let shells: Set<String> = [
        "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "fish", "csh", "tcsh"
    ]
    /// Interpreters and the flag letters whose next argument is a program.
    static let interpreters: [String: Set<Character>] = [
        "python": ["c"], "python2": ["c"], "python3": ["c"], "pypy": ["c"], "pypy3": ["c"],
        "perl": ["e", "E"], "ruby": ["e"], "node": ["e", "p"], "nodejs": ["e", "p"], "php": ["r"], "lua": ["e"],
        "Rscript": ["e"], "osascript": ["e"]
    ]
    static let reserved: Set<String> = [
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time", "case", "esac",
        "for", "in"
    ]
    /// Programs that run the command given after their own options.
    static let prefixes: Set<String> = [
        "sudo", "doas", "env", "nohup", "exec", "command", "builtin", "nice", "ionice", "stdbuf", "setsid", "timeout",
        "unbuffer", "chronic", "xargs"
    ]
    static let sshArgumentFlags = Set("BbcDEeFIiJLlmOopQRSWw")

    /// For each placeholder index in `words` that stands where a value would be code, the hazard.
    static func hazards(in words: [ShellWord]) -> [(Int, ShellHazard)] {
        var out: [(Int, ShellHazard)] = []
        func mark(_ word: ShellWord, _ kind: ShellHazard.Kind, _ place: String, _ why: String) {
            for p in word.placeholders { out.append((p, ShellHazard(kind: kind, place: place, why: why))) }
        }
        var first = 0
        while first < words.count, isAssignment(words[first]) || reserved.contains(words[first].string) { first += 1 }
        first = afterPrefixes(words, from: first)
        if first < words.count, !words[first].placeholders.isEmpty {
            mark(
                words[first], .commandName, "as the name of the program to run",
                "a value would choose which program runs")
        }
        var k = max(0, first)
        while k < words.count {
            let program = words[k].program
            if shells.contains(program) {
                if let code = shellCode(words, after: k) {
                    mark(
                        words[code], .secondShell, "in the code of \(program) -c",
                        "the inner shell parses the text again, so the value would be code there")
                }
            } else if program == "eval" {
                for w in words[(k + 1)...] {
                    mark(w, .eval, "in the arguments of eval", "eval parses its arguments again as code")
                }
                break
            } else if program == "ssh" || program == "autossh" {
                for (index, kind) in sshParts(words, after: k) {
                    if kind == .sshOption {
                        mark(
                            words[index], .sshOption, "in an ssh -o option",
                            "options such as ProxyCommand run local commands")
                    } else {
                        mark(
                            words[index], .remoteShell, "in the remote command of ssh",
                            "ssh joins its arguments and the remote shell parses them again")
                    }
                }
                break
            } else if program == "watch" {
                for index in watchCommand(words, after: k) {
                    mark(words[index], .secondShell, "in the command of watch", "watch runs its command through sh -c")
                }
                break
            } else if program == "su" || program == "runuser" {
                if let code = flagArgument(words, after: k, short: "c", long: "--command") {
                    mark(
                        words[code], .secondShell, "in the command of \(program) -c", "the user's shell parses it again"
                    )
                }
            } else if let flags = interpreters[program] {
                for index in interpreterCode(words, after: k, flags: flags) {
                    mark(
                        words[index], .interpreterCode, "in \(program) code",
                        "the value would be \(program) code, not data")
                }
            } else if ["awk", "gawk", "mawk", "nawk"].contains(program) {
                for index in scriptArgument(
                    words, after: k, scriptFlags: ["e"], fileFlag: "f", argumentFlags: ["F", "v", "f", "e"],
                    long: "--source")
                {
                    mark(
                        words[index], .interpreterCode, "in an awk program",
                        "the value would be awk code (awk's system() runs commands)")
                }
            } else if ["sed", "gsed"].contains(program) {
                for index in scriptArgument(
                    words, after: k, scriptFlags: ["e"], fileFlag: "f", argumentFlags: ["e", "f", "l"],
                    long: "--expression")
                {
                    mark(
                        words[index], .interpreterCode, "in a sed script",
                        "the value would be sed code (GNU sed's e command runs commands)")
                }
            }
            k += 1
        }
        return out
    }

    static func isAssignment(_ word: ShellWord) -> Bool {
        guard let eq = word.text.firstIndex(of: UInt8(ascii: "=")), eq > 0 else { return false }
        return word.text[..<eq].allSatisfy { ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }

    /// Skips `sudo -u x`, `env A=b`, `timeout 10`, `nohup`: the index of the program they run.
    static func afterPrefixes(_ words: [ShellWord], from start: Int) -> Int {
        var i = start
        while i < words.count, prefixes.contains(words[i].program) {
            let prefix = words[i].program
            i += 1
            while i < words.count {
                let w = words[i].string
                if w == "--" { i += 1; break }
                if words[i].isOption {
                    let takesArgument =
                        (prefix == "sudo" && ["-u", "-g", "-C", "-D", "-p", "-r", "-t", "-U", "-h"].contains(w))
                        || (prefix == "env" && ["-u", "-C"].contains(w)) || (prefix == "nice" && w == "-n")
                        || (prefix == "timeout" && ["-s", "-k"].contains(w))
                        || (prefix == "xargs" && ["-I", "-n", "-P", "-d", "-L", "-s", "-E"].contains(w))
                    i += takesArgument ? 2 : 1
                } else if prefix == "env", isAssignment(words[i]) {
                    i += 1
                } else {
                    break
                }
            }
            if prefix == "timeout", i < words.count { i += 1 }  // the duration
        }
        return i
    }

    /// The index of the code word of `sh -c CODE`, or nil without `-c`.
    static func shellCode(_ words: [ShellWord], after k: Int) -> Int? {
        var i = k + 1
        var hasC = false
        while i < words.count, words[i].isOption {
            let w = words[i].string
            if w == "--" { i += 1; break }
            if w.hasPrefix("--") {
                i += ["--rcfile", "--init-file"].contains(w) ? 2 : 1
                continue
            }
            if w.contains("c") { hasC = true }
            i += (w.hasSuffix("o") || w.hasSuffix("O")) ? 2 : 1  // `-o pipefail`
        }
        return hasC && i < words.count ? i : nil
    }

    /// The words of an ssh call that are an `-o` option's value or the remote command.
    static func sshParts(_ words: [ShellWord], after k: Int) -> [(Int, ShellHazard.Kind)] {
        var out: [(Int, ShellHazard.Kind)] = []
        var i = k + 1
        options: while i < words.count, words[i].isOption {
            let w = Array(words[i].string.dropFirst())
            if w == ["-"] { i += 1; break }
            for (n, flag) in w.enumerated() where sshArgumentFlags.contains(flag) {
                let inline = n + 1 < w.count
                if flag == "o" { out.append((inline ? i : min(i + 1, words.count - 1), .sshOption)) }
                i += inline ? 1 : 2
                continue options
            }
            i += 1
        }
        // words[i] is the destination; what follows is the remote command.
        if i + 1 < words.count { for r in (i + 1)..<words.count { out.append((r, .remoteShell)) } }
        return out.filter { $0.0 < words.count }
    }

    static func watchCommand(_ words: [ShellWord], after k: Int) -> [Int] {
        var i = k + 1
        while i < words.count, words[i].isOption {
            let w = words[i].string
            if w == "-x" || w == "--exec" { return [] }  // runs the command without a shell
            i += ["-n", "--interval"].contains(w) ? 2 : 1
        }
        return i < words.count ? Array(i..<words.count) : []
    }

    /// The word after `-c`/`--command` (or `--command=…`, `-cCODE`).
    static func flagArgument(_ words: [ShellWord], after k: Int, short: Character, long: String) -> Int? {
        for i in (k + 1)..<max(k + 1, words.count) {
            let w = words[i].string
            if w.hasPrefix(long + "=") || (w.hasPrefix("-\(short)") && w.count > 2) { return i }
            if w == long || (words[i].isOption && !w.hasPrefix("--") && w.hasSuffix(String(short))) {
                return i + 1 < words.count ? i + 1 : nil
            }
        }
        return nil
    }

    /// `python -c CODE`, `perl -ne CODE`, `node -e CODE`, `perl -e'CODE'`.
    static func interpreterCode(_ words: [ShellWord], after k: Int, flags: Set<Character>) -> [Int] {
        var out: [Int] = []
        var i = k + 1
        while i < words.count, words[i].isOption {
            let w = words[i].string
            if w == "--eval" || w == "--print" { out.append(i + 1); i += 2; continue }
            let letters = w.dropFirst()
            if !w.hasPrefix("--"), let at = letters.firstIndex(where: flags.contains) {
                if letters.index(after: at) < letters.endIndex { out.append(i) } else { out.append(i + 1) }
                i += 2
                continue
            }
            i += 1
        }
        return out.filter { $0 < words.count }
    }

    /// The program of awk or the script of sed: given with `-e`/`--source`, else the first operand (unless `-f`).
    static func scriptArgument(
        _ words: [ShellWord], after k: Int, scriptFlags: Set<Character>, fileFlag: Character,
        argumentFlags: Set<Character>, long: String
    ) -> [Int] {
        var out: [Int] = []
        var fromFile = false
        var i = k + 1
        while i < words.count, words[i].isOption {
            let w = words[i].string
            if w == "--" { i += 1; break }
            if w == long { out.append(i + 1); i += 2; continue }
            if w.hasPrefix(long + "=") { out.append(i); i += 1; continue }
            if w.hasPrefix("--") { i += 1; continue }
            let letters = Array(w.dropFirst())
            if let n = letters.firstIndex(where: argumentFlags.contains) {
                let flag = letters[n]
                let inline = n + 1 < letters.count
                if scriptFlags.contains(flag) { out.append(inline ? i : i + 1) }
                if flag == fileFlag { fromFile = true }
                i += inline ? 1 : 2
                continue
            }
            i += 1
        }
        if out.isEmpty, !fromFile, i < words.count { out.append(i) }
        return out.filter { $0 < words.count }
    }
}
