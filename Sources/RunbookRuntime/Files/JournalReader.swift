import Foundation
import RunbookGraph

/// A journal read back: every whole record, and what was left out.
public struct JournalContents: Sendable {
    public var records: [JournalRecord]
    /// The last line was cut short (a crash while writing); it was left out.
    public var droppedTornLine: Bool
    /// With salvage: the 1-based numbers of damaged lines that were left out.
    public var damagedLines: [Int] = []
}

public enum JournalReader {
    public static func read(path: String, salvage: Bool = false) throws -> JournalContents {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw JournalError(
                "\(path): is a folder; give the journal file in it (runbook resume lists the open walks)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            // The system's reason: "No such file or directory", "Permission denied", "Is a directory".
            throw JournalError("\(path): cannot read the journal: \(FileErrorText.describe(error))")
        }
        return try parse(data, path: path, salvage: salvage)
    }

    static let crcSuffix = Array(#","crc":""#.utf8)

    /// Parses journal bytes. A last line without its newline that does not
    /// read is a torn write and is dropped. Any other damaged line (bad JSON,
    /// a checksum that does not match, a missing checksum in a checksummed
    /// journal) is an error naming its line, or, with `salvage`, left out and listed.
    public static func parse(_ data: Data, path: String, salvage: Bool = false) throws -> JournalContents {
        let decoder = JSONDecoder()
        var records: [JournalRecord] = []
        var torn = false
        var damaged: [Int] = []
        var checksummed: Bool?
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if line.isEmpty { continue }
            let isTornCandidate = index == lines.count - 1  // no newline after it
            let problem: String?
            switch verify(line) {
            case .checksumMismatch:
                problem = "its checksum does not match: the line was changed or damaged"
            case .noChecksum where checksummed == true:
                problem = "it has no checksum, unlike the records before it"
            case .valid(let body), .noChecksum(let body):
                do {
                    records.append(try decoder.decode(JournalRecord.self, from: body))
                    if checksummed == nil { checksummed = body.count != line.count }
                    problem = nil
                } catch {
                    problem = "not a journal record (\(Self.describe(error)))"
                }
            }
            guard let problem else { continue }
            if isTornCandidate {
                torn = true
                break
            }
            if salvage {
                damaged.append(index + 1)
                continue
            }
            throw JournalError(
                "\(path):\(index + 1): \(problem); the journal is damaged there. 'runbook resume --salvage' and 'runbook export --salvage' recover every intact record around it"
            )
        }
        if records.isEmpty {
            throw JournalError("\(path): the journal has no complete record")
        }
        return JournalContents(records: records, droppedTornLine: torn, damagedLines: damaged)
    }

    enum Check {
        /// The JSON without its checksum member, the checksum matching.
        case valid(Data)
        case noChecksum(Data)
        case checksumMismatch
    }

    /// `{…,"crc":"1234abcd"}`: the checksum is the CRC-32 of `{…}`.
    static func verify(_ line: Data.SubSequence) -> Check {
        let bytes = Array(line)
        let tail = crcSuffix.count + 8 + 2  // ,"crc":" + 8 hex + "}
        guard bytes.count > tail, bytes.last == UInt8(ascii: "}"),
            bytes[(bytes.count - tail)..<(bytes.count - 10)].elementsEqual(crcSuffix)
        else {
            return .noChecksum(Data(bytes))
        }
        let hex = String(decoding: bytes[(bytes.count - 10)..<(bytes.count - 2)], as: UTF8.self)
        var body = Array(bytes[..<(bytes.count - tail)])
        body.append(UInt8(ascii: "}"))
        guard let expected = UInt32(hex, radix: 16), CRC32.checksum(body) == expected else { return .checksumMismatch }
        return .valid(Data(body))
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context): return context.debugDescription
        case DecodingError.valueNotFound(_, let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}
