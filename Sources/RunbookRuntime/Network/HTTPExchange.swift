import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request and its answer, synchronously, on the caller's thread (a
/// worker's: the UI thread never waits on the network). Foundation's
/// URLSession (libcurl underneath on Linux) rather than async-http-client:
/// it is already linked, so it adds no build time and nothing to the binary,
/// and the inbox needs one small request every 30 s, not a connection pool.
///
/// The answer is capped at `limit` bytes (the transfer stops there), every
/// request has a timeout, and redirects are not followed (credentials would
/// go wherever a redirect points).
enum HTTPExchange {
    struct Answer {
        var status: Int
        var body: Data
        var location: String?
    }

    enum Failure: Error {
        case unreachable(String)
        case timedOut
        case tooLarge
    }

    static func send(_ request: URLRequest, limit: Int, timeout: TimeInterval) -> Result<Answer, Failure> {
        let delegate = Collector(limit: limit)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = request
        request.timeoutInterval = timeout
        let task = session.dataTask(with: request)
        task.resume()
        // The session's own timeout ends the task; this one only guards against a stuck transfer.
        if delegate.done.wait(timeout: .now() + timeout + 2) == .timedOut {
            task.cancel()
            return .failure(.timedOut)
        }
        return delegate.result()
    }

    /// Gathers the answer on URLSession's queue; the caller waits on `done`.
    private final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let limit: Int
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var body = Data()
        private var response: HTTPURLResponse?
        private var failure: Failure?

        init(limit: Int) { self.limit = limit }

        func result() -> Result<Answer, Failure> {
            lock.lock()
            defer { lock.unlock() }
            if let failure { return .failure(failure) }
            guard let response else { return .failure(.unreachable("no answer")) }
            return .success(
                Answer(
                    status: response.statusCode, body: body,
                    location: response.value(forHTTPHeaderField: "Location")))
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
        ) {
            lock.lock()
            self.response = response as? HTTPURLResponse
            lock.unlock()
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            lock.lock()
            body.append(data)
            let over = body.count > limit
            if over {
                failure = .tooLarge
                body = Data()
            }
            lock.unlock()
            if over { dataTask.cancel() }
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            lock.lock()
            self.response = response
            lock.unlock()
            completionHandler(nil)
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            lock.lock()
            if let error, failure == nil {
                let code = (error as? URLError)?.code
                failure = code == .timedOut ? .timedOut : .unreachable(Self.words(error))
            }
            lock.unlock()
            done.signal()
        }

        static func words(_ error: any Error) -> String {
            guard let code = (error as? URLError)?.code else { return error.localizedDescription }
            // libcurl's own words (e.g. "SSL certificate problem: self-signed certificate") when it gives them.
            let said = (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String
            switch code {
            case .cannotConnectToHost: return "connection refused"
            case .cannotFindHost, .dnsLookupFailed: return "the host name does not resolve"
            case .networkConnectionLost: return "the connection was lost"
            case .notConnectedToInternet: return "no network"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
                return "the TLS handshake failed (\(code.rawValue)): check the certificate"
            case .badURL, .unsupportedURL: return "the address is not a usable http(s) URL"
            default:
                guard let said else { return "network error \(code.rawValue)" }
                let hint =
                    said.contains("certificate") ? "; trust its CA in the system store (update-ca-certificates)" : ""
                return "\(said) (network error \(code.rawValue))\(hint)"
            }
        }
    }
}
