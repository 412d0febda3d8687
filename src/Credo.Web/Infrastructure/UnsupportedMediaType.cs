namespace Credo.Web.Infrastructure;

/// <summary>
/// What a 415 means, in words (issue 12 §5: a statement file uploaded as multipart form data got a bare 415): the
/// endpoint reads a JSON body, and where files go instead.
/// </summary>
internal static class UnsupportedMediaType
{
    public const string Files = "Files are uploaded as multipart/form-data with a 'file' part: CSV to /api/imports/{kind}, bank statements to /api/cash-application/statements.";

    /// <summary>The explanation of a 415 answer; null for any other status.</summary>
    public static string? Explain(HttpContext http) => http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType
        ? $"This endpoint reads a JSON body (Content-Type: application/json); the request was sent as {(string.IsNullOrEmpty(http.Request.ContentType) ? "no content type" : http.Request.ContentType.Split(';')[0])}. {Files}"
        : null;
}
