namespace Credo.Web.Tests.Support;

/// <summary>The repository the tests were built from: its files (docs, sources) are read by the tests that keep them honest.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Credo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Credo.slnx above {AppContext.BaseDirectory}.");
    }
}
