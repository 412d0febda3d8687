using System.Text;
using Credo.Domain.Applications;

namespace Credo.Domain.Tests.Applications;

public sealed class UploadsTests
{
    [Theory]
    [InlineData("255044462d312e370a", "pdf")]
    [InlineData("89504e470d0a1a0a0000", "png")]
    [InlineData("ffd8ffe000104a464946", "jpeg")]
    [InlineData("3c68746d6c3e", null)] // <html>
    [InlineData("3c3f786d6c2076657273", null)] // <?xml vers (SVG)
    [InlineData("3c73766720786d6c6e73", null)] // <svg xmlns
    [InlineData("504b0304", null)] // zip
    [InlineData("4d5a9000", null)] // MZ executable
    [InlineData("2350444620", null)] // "#PDF "
    [InlineData("2550444", null)] // odd hex: empty
    [InlineData("", null)]
    [InlineData("efbbbf255044462d", null)] // BOM then %PDF-: not at the start
    public void The_type_comes_from_the_first_bytes(string hex, string? type)
    {
        var bytes = hex.Length % 2 == 0 ? Convert.FromHexString(hex) : [];
        Assert.Equal(type, Uploads.Detect(bytes)?.Type);
    }

    [Theory]
    [InlineData("statement.pdf", "statement.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini")]
    [InlineData("/etc/shadow", "shadow")]
    [InlineData("C:\\Users\\a\\accounts 2025.pdf", "accounts 2025.pdf")]
    [InlineData("evil\0.pdf.html", "evil.pdf.html")]
    [InlineData("..", "document")]
    [InlineData("../", "document")]
    [InlineData("", "document")]
    [InlineData(null, "document")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("<script>alert(1)</script>.pdf", "script.pdf")]
    [InlineData("a..b...pdf", "a.b.pdf")]
    [InlineData("résumé\r\n.pdf", "rsum.pdf")]
    public void Names_are_sanitised_for_display(string? name, string expected)
    {
        Assert.Equal(expected, Uploads.SanitiseName(name));
    }

    [Fact]
    public void Long_names_keep_their_end()
    {
        var name = new string('a', 300) + ".pdf";
        var sanitised = Uploads.SanitiseName(name);
        Assert.Equal(100, sanitised.Length);
        Assert.EndsWith(".pdf", sanitised, StringComparison.Ordinal);
        Assert.Equal(Encoding.ASCII.GetByteCount(sanitised), sanitised.Length);
    }
}
