using System.Text;

namespace Credo.Domain.Applications;

/// <summary>A file type Credo accepts, as detected from the content (never from the name or the browser's claim).</summary>
public sealed record DetectedFile(string Type, string ContentType, string Extension);

/// <summary>
/// Uploads are typed by their first bytes: PDF (<c>%PDF-</c>), PNG (the 8-byte signature) and JPEG (FF D8 FF).
/// Anything else — HTML, SVG, scripts, archives, executables, text — is refused, whatever its name says.
/// </summary>
public static class Uploads
{
    public static readonly DetectedFile Pdf = new("pdf", "application/pdf", ".pdf");
    public static readonly DetectedFile Png = new("png", "image/png", ".png");
    public static readonly DetectedFile Jpeg = new("jpeg", "image/jpeg", ".jpg");

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    /// <summary>The number of leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeadLength = 8;

    public static DetectedFile? Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith(PdfMagic) ? Pdf
        : head.StartsWith(PngMagic) ? Png
        : head.StartsWith(JpegMagic) ? Jpeg
        : null;

    /// <summary>
    /// A display-only version of the applicant's file name: the last path segment (either slash), control
    /// characters and NULs removed, only letters, digits, space and <c>. _ - ( )</c> kept, no leading dots, at most
    /// 100 characters; "document" when nothing is left. It is never used to build a path.
    /// </summary>
    public static string SanitiseName(string? name)
    {
        var last = (name ?? string.Empty).Replace('\\', '/').Split('/').LastOrDefault() ?? string.Empty;
        var kept = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '(' or ')')
            {
                kept.Append(c);
            }
        }

        var text = kept.ToString().Trim().TrimStart('.').Trim();
        while (text.Contains("..", StringComparison.Ordinal))
        {
            text = text.Replace("..", ".", StringComparison.Ordinal);
        }

        if (text.Length > 100)
        {
            text = text[^100..];
        }

        return text.Length == 0 ? "document" : text;
    }
}
