/// Which characters names may hold: the format's rules, read by the decoder,
/// the alert parser and the shell quoting alike.
enum ASCII {
    static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// ASCII white space: blank, tab, line feed, carriage return, vertical tab, form feed.
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// `b` with an ASCII capital lowered (for case-insensitive tests on bytes).
    @inline(__always) static func lowered(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }

    /// Whether `bytes` open with `word` (lower-case ASCII), in any case.
    static func opens(_ bytes: some Collection<UInt8>, with word: String) -> Bool {
        word.utf8.count <= bytes.count && zip(word.utf8, bytes).allSatisfy { $0 == lowered($1) }
    }
}

extension Runbook {
    /// Step and runbook ids: letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    public static func isValidID(_ s: String) -> Bool {
        s.utf8.first.map(ASCII.isAlphanumeric) == true
            && s.utf8.allSatisfy {
                ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                    || $0 == UInt8(ascii: "-")
            }
    }
}

extension Variable {
    /// Variable names: letters, digits and `_`, not starting with a digit.
    public static func isValidName(_ s: String) -> Bool {
        guard let first = s.utf8.first, !(first >= 48 && first <= 57) else { return false }
        return s.utf8.allSatisfy { ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }
}

extension Variable.ValueType {
    /// Why `value` is not of this type, or nil when it is.
    public func problem(with value: String) -> String? {
        switch self {
        case .string: return nil
        case .int: return Int(value.trimmingSpaces) == nil ? "is '\(value)', not a whole number" : nil
        case .duration:
            return RunDuration(parsing: value) == nil ? "is '\(value)', not a duration such as 30s or 5m" : nil
        }
    }
}
