import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Plain HTTP on 127.0.0.1 for the tests: a free port, and one request.
public enum Loopback {
    /// A port nothing listens on at this moment (the kernel's pick).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends one request to a loopback address; returns the status and the body.
    @discardableResult
    public static func request(
        _ method: String, _ url: String, body: String? = nil, headers: [String: String] = [:]
    ) throws -> (status: Int, body: String) {
        guard let parsed = URL(string: url), parsed.host == "127.0.0.1" else {
            throw Failure("tests talk to 127.0.0.1 only, not \(url)")
        }
        var request = URLRequest(url: parsed)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data(), error))
            done.signal()
        }.resume()
        done.wait()
        let (status, data, error) = box.get()
        if let error { throw Failure("\(method) \(url): \(error.localizedDescription)") }
        return (status, String(decoding: data, as: UTF8.self))
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Int, Data, (any Error)?) = (0, Data(), nil)
        func set(_ v: (Int, Data, (any Error)?)) { lock.lock(); value = v; lock.unlock() }
        func get() -> (Int, Data, (any Error)?) { lock.lock(); defer { lock.unlock() }; return value }
    }
}
