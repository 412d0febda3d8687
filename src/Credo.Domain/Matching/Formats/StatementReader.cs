using Credo.Domain.Common;

namespace Credo.Domain.Matching.Formats;

/// <summary>
/// Reads a bank statement file of any supported format, recognised from its content (an XML camt namespace, a
/// BAI2 01 header, SWIFT :20: fields). The whole file or nothing: any unreadable part refuses it, naming the line or
/// element and the reason.
/// </summary>
/// <remarks>
/// The parsers live in the domain because they only turn text into values (no file, clock or database); the web
/// slice reads the upload or the file and hands the text over.
/// </remarks>
public static class StatementReader
{
    public static Result<ParsedFile> Read(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = content.TrimStart('\uFEFF');
        if (text.Trim().Length == 0)
        {
            return StatementRefusal.At("line 1", "the file is empty");
        }

        if (text.TrimStart().StartsWith('<'))
        {
            return CamtReader.Recognises(text)
                ? CamtReader.Read(text)
                : StatementRefusal.At("line 1", "this XML file is not a camt.052, camt.053 or camt.054 bank message");
        }

        if (Bai2Reader.Recognises(text))
        {
            return Bai2Reader.Read(text);
        }

        if (SwiftReader.Recognises(text))
        {
            return SwiftReader.Read(text);
        }

        return StatementRefusal.At("line 1", "the format is not recognised: not camt XML, not BAI2 (01 header), not MT940/MT942 (:20: fields)");
    }
}
