/// Secret values as they are shown on screen: never, only bullets.
public enum SecretMask {
    public static let bullets = "•••••"

    /// `text` with each of `secrets` (as typed, and as the shell quotes it) replaced by bullets.
    public static func mask(_ text: String, _ secrets: [String]) -> String {
        guard !secrets.isEmpty else { return text }
        var out = text
        for secret in secrets {
            for form in Set([secret, ShellQuote.quote(secret), ShellQuote.doubleQuoted(secret)])
            where out.containsBytes(form) {
                out = out.replacingOccurrences(form, with: bullets)
            }
        }
        return out
    }
}
