import Foundation

/// Reads a whole regular file, refusing what could block (FIFOs, devices),
/// directories and files over a size limit, with a message that says why.
enum FileBytes {
    enum Failure: Error, Equatable {
        case missing, unreadable, directory, notRegular, tooLarge
        case other(String)
    }

    static func read(_ path: String, limit: Int) -> Result<Data, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(errno == EACCES ? .unreadable : .missing) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.directory)
        default: return .failure(.notRegular)
        }
        if Int(info.st_size) > limit { return .failure(.tooLarge) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable) }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            return data.count > limit ? .failure(.tooLarge) : .success(data)
        } catch {
            return .failure(.other(FileErrorText.describe(error)))
        }
    }
}
