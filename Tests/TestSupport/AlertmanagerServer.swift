import Foundation

/// Debian's prometheus-alertmanager, started for a test on 127.0.0.1 with its
/// own configuration and storage folder and no clustering; stopped on deinit.
public final class AlertmanagerServer {
    /// Found on PATH (Debian installs it as /usr/bin/prometheus-alertmanager).
    public static let program = "prometheus-alertmanager"

    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
    public let address: String
    private let process = Process()
    private let folder: URL

    /// `webConfig`: Alertmanager's --web.config.file (basic auth users, TLS), written next to its configuration.
    public init(webConfig: String? = nil) throws {
        guard let executable = Self.executable else {
            throw Loopback.Failure("\(Self.program) is missing: apt-get install prometheus-alertmanager")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("am-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("alertmanager.yml")
        // Every alert goes to a receiver that sends nothing anywhere.
        try "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n".write(
            to: config, atomically: true, encoding: .utf8)
        let port = Loopback.freePort()
        let tls = webConfig?.contains("tls_server_config") == true
        address = "\(tls ? "https" : "http")://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--config.file=\(config.path)", "--storage.path=\(folder.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=info"
        ]
        if let webConfig {
            let file = folder.appendingPathComponent("web.yml")
            try webConfig.write(to: file, atomically: true, encoding: .utf8)
            process.arguments! += ["--web.config.file=\(file.path)"]
        }
        let log = folder.appendingPathComponent("alertmanager.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            // Behind TLS or basic auth, the log says when it listens (the tests cannot ask it).
            if webConfig != nil {
                if (try? String(contentsOf: log, encoding: .utf8))?.contains("Listening on") == true { return }
            } else if let ready = try? Loopback.request("GET", address + "/-/ready"), ready.status == 200 {
                return
            }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        stop()
        throw Loopback.Failure("Alertmanager did not become ready on \(address):\n\(said)")
    }

    deinit { stop() }

    private func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Posts alerts as Prometheus would (`POST /api/v2/alerts`), firing for an hour.
    public func post(_ alerts: [(labels: [String: String], annotations: [String: String])]) throws {
        let ends = Date().addingTimeInterval(3600).formatted(.iso8601)
        let items = alerts.map { alert in
            "{\"labels\":\(Self.json(alert.labels)),\"annotations\":\(Self.json(alert.annotations)),\"endsAt\":\"\(ends)\"}"
        }
        let answer = try Loopback.request("POST", address + "/api/v2/alerts", body: "[\(items.joined(separator: ","))]")
        guard answer.status == 200 else { throw Loopback.Failure("posting alerts: \(answer.status) \(answer.body)") }
        // Alertmanager lists a posted alert at once, but make sure before a test reads it.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let listed = try Loopback.request("GET", address + "/api/v2/alerts").body
            if alerts.allSatisfy({ a in a.labels["alertname"].map { listed.contains($0) } ?? true }) { return }
            usleep(50_000)
        }
    }

    /// `GET /api/v2/silences`, decoded.
    public func silences() throws -> [[String: Any]] {
        let body = try Loopback.request("GET", address + "/api/v2/silences").body
        return (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]) ?? []
    }

    /// `GET /api/v2/alerts`, decoded.
    public func alerts() throws -> [[String: Any]] {
        let body = try Loopback.request("GET", address + "/api/v2/alerts").body
        return (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]) ?? []
    }

    static func json(_ map: [String: String]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: map, options: [.sortedKeys])
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// A loopback server that answers every request the same way: an error
/// status, a body that is not what Alertmanager sends, or nothing at all. It
/// stands in for a broken proxy or a sick server, never for Alertmanager.
public final class FaultyServer: @unchecked Sendable {
    public enum Answer: Sendable {
        case status(Int, body: String)
        /// 200 with this body.
        case body(String)
        /// Accept the connection and never answer.
        case silence
    }

    public let address: String
    private let listener: Int32
    private let answer: Answer
    private let lock = NSLock()
    private var stopped = false
    public private(set) var requests: [String] = []

    public init(_ answer: Answer) throws {
        self.answer = answer
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw Loopback.Failure("cannot listen on 127.0.0.1") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.address = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        Thread { [self] in serve() }.start()
    }

    deinit {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            lock.lock()
            let done = stopped
            lock.unlock()
            if done {
                close(client)
                return
            }
            Thread { [self] in handle(client) }.start()
        }
    }

    private func handle(_ client: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual([13, 10, 13, 10]) {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            request += buffer[0..<n]
            if request.count > 65536 { break }
        }
        let text = String(decoding: request, as: UTF8.self)
        lock.lock()
        requests.append(text)
        lock.unlock()
        let status: Int
        let body: String
        switch answer {
        case .silence:
            sleep(60)
            close(client)
            return
        case .status(let code, let text):
            // Like a careless proxy, it may echo the request ($REQUEST) or its credentials ($AUTHORIZATION).
            status = code
            let authorization =
                String(decoding: request, as: UTF8.self).split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("authorization:") } ?? ""
            body = text.replacingOccurrences(of: "$REQUEST", with: String(decoding: request, as: UTF8.self))
                .replacingOccurrences(of: "$AUTHORIZATION", with: String(authorization))
        case .body(let text):
            status = 200
            body = text
        }
        let bytes = Array(body.utf8)
        let head =
            "HTTP/1.1 \(status) Answer\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        let all = Array(head.utf8) + bytes
        var offset = 0
        while offset < all.count {
            let n = all[offset...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
        close(client)
    }
}
