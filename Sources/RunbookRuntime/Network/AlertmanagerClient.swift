import Foundation
import RunbookGraph

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How to reach an Alertmanager: its address, credentials, and limits.
public struct AlertmanagerAccess: Sendable {
    public enum Credentials: Sendable {
        case bearer(String)
        case basic(user: String, password: String)
    }

    /// The base address, e.g. `http://127.0.0.1:9093` (a path prefix is kept).
    public var url: URL
    public var credentials: Credentials?
    public var timeout: TimeInterval
    /// Answers larger than this are refused (a proxy error page, a runaway label).
    public var answerLimit: Int

    public static let defaultTimeout: TimeInterval = 10
    public static let defaultAnswerLimit = 16 << 20

    /// Nil, with the reason, when `address` is not an http(s) URL. A user and
    /// password written into the address are taken out of it as basic auth.
    public static func parse(
        _ address: String, credentials: Credentials? = nil, timeout: TimeInterval = defaultTimeout
    ) -> Result<AlertmanagerAccess, AlertmanagerError> {
        guard var parts = URLComponents(string: address.trimmingCharacters(in: .whitespaces)),
            let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https", parts.host != nil
        else {
            return .failure(.badAddress("'\(Self.shown(address))' is not an http:// or https:// address"))
        }
        var credentials = credentials
        if let user = parts.user {
            credentials = credentials ?? .basic(user: user, password: parts.password ?? "")
            parts.user = nil
            parts.password = nil
        }
        while parts.path.hasSuffix("/") { parts.path.removeLast() }
        guard let url = parts.url else { return .failure(.badAddress("'\(Self.shown(address))' is not a URL")) }
        return .success(
            AlertmanagerAccess(url: url, credentials: credentials, timeout: timeout, answerLimit: defaultAnswerLimit))
    }

    public init(url: URL, credentials: Credentials? = nil, timeout: TimeInterval, answerLimit: Int) {
        self.url = url
        self.credentials = credentials
        self.timeout = timeout
        self.answerLimit = answerLimit
    }

    /// The address as shown and journaled: never with a user or password.
    public var address: String { url.absoluteString }

    /// An address for a message, with anything between `//` and `@` taken out.
    static func shown(_ address: String) -> String {
        guard let slashes = address.range(of: "//"), let at = address[slashes.upperBound...].firstIndex(of: "@")
        else { return address }
        return String(address[..<slashes.upperBound]) + "…@" + address[address.index(after: at)...]
    }

    var secret: String? {
        switch credentials {
        case .bearer(let token)?: token
        case .basic(_, let password)?: password.isEmpty ? nil : password
        case nil: nil
        }
    }
}

/// What went wrong talking to Alertmanager, in words for the status line. No
/// message ever holds the credentials.
public enum AlertmanagerError: Error, Sendable, Equatable, CustomStringConvertible {
    case badAddress(String)
    case unreachable(address: String, reason: String)
    case timedOut(address: String, seconds: Int)
    case status(address: String, code: Int, excerpt: String)
    case tooLarge(address: String, limit: Int)
    case malformed(address: String, problem: String)

    public var description: String {
        switch self {
        case .badAddress(let why): return why
        case .unreachable(let address, let reason): return "cannot reach Alertmanager at \(address): \(reason)"
        case .timedOut(let address, let seconds): return "Alertmanager at \(address) did not answer in \(seconds) s"
        case .status(let address, let code, let excerpt):
            let hint =
                switch code {
                case 401, 403: " (check the credentials)"
                case 404: " (is this Alertmanager's address, with any path prefix?)"
                case 300..<400: " (redirects are not followed: give the address it redirects to)"
                default: ""
                }
            return "Alertmanager at \(address) answered \(code)\(hint)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        case .tooLarge(let address, let limit):
            return "Alertmanager at \(address) sent more than \(limit >> 20) MB: refused"
        case .malformed(let address, let problem): return "Alertmanager at \(address) sent a bad answer: \(problem)"
        }
    }
}

/// Alertmanager's API v2: the alerts, and the walk's silences.
public struct AlertmanagerClient: Sendable {
    public var access: AlertmanagerAccess

    public init(access: AlertmanagerAccess) { self.access = access }

    public var address: String { access.address }

    /// Every alert Alertmanager holds: firing, silenced and inhibited.
    public func alerts() -> Result<[FiringAlert], AlertmanagerError> {
        send("GET", "/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true").flatMap { body in
            Result { () throws(AlertmanagerJSON.Malformed) in try AlertmanagerJSON.alerts(body) }
                .mapError { .malformed(address: address, problem: $0.description) }
        }
    }

    /// Creates the silence; returns its id.
    public func createSilence(_ silence: SilenceRequest) -> Result<String, AlertmanagerError> {
        send("POST", "/api/v2/silences", body: AlertmanagerJSON.body(of: silence)).flatMap { body in
            Result { () throws(AlertmanagerJSON.Malformed) in try AlertmanagerJSON.silenceID(body) }
                .mapError { .malformed(address: address, problem: $0.description) }
        }
    }

    public func expireSilence(_ id: String) -> Result<Void, AlertmanagerError> {
        send("DELETE", "/api/v2/silence/" + Self.pathSegment(id)).map { _ in () }
    }

    /// `active`, `pending` or `expired`.
    public func silenceState(_ id: String) -> Result<String, AlertmanagerError> {
        send("GET", "/api/v2/silence/" + Self.pathSegment(id)).flatMap { body in
            Result { () throws(AlertmanagerJSON.Malformed) in try AlertmanagerJSON.silenceState(body) }
                .mapError { .malformed(address: address, problem: $0.description) }
        }
    }

    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }

    private func send(_ method: String, _ path: String, body: String? = nil) -> Result<String, AlertmanagerError> {
        guard let url = URL(string: address + path) else { return .failure(.badAddress("cannot form \(path)")) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("runbook", forHTTPHeaderField: "User-Agent")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        switch access.credentials {
        case .bearer(let token)?: request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case .basic(let user, let password)?:
            let pair = Data("\(user):\(password)".utf8).base64EncodedString()
            request.setValue("Basic \(pair)", forHTTPHeaderField: "Authorization")
        case nil: break
        }
        switch HTTPExchange.send(request, limit: access.answerLimit, timeout: access.timeout) {
        case .failure(.timedOut): return .failure(.timedOut(address: address, seconds: Int(access.timeout)))
        case .failure(.tooLarge): return .failure(.tooLarge(address: address, limit: access.answerLimit))
        case .failure(.unreachable(let reason)): return .failure(.unreachable(address: address, reason: reason))
        case .success(let answer):
            let text = String(decoding: answer.body, as: UTF8.self)
            guard (200..<300).contains(answer.status) else {
                return .failure(.status(address: address, code: answer.status, excerpt: excerpt(text)))
            }
            return .success(text)
        }
    }

    /// The start of an error answer, on one line, without the secret (a proxy may echo headers).
    private func excerpt(_ text: String) -> String {
        var line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        if let secret = access.secret, !secret.isEmpty { line = line.replacingOccurrences(of: secret, with: "••••") }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
