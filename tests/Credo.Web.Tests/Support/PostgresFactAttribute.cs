namespace Credo.Web.Tests.Support;

/// <summary>
/// A test that needs a PostgreSQL server (several app instances sharing one database, a streaming replica): skipped,
/// with that reason, when <c>CREDO_TEST_POSTGRES</c> is not set (SQLite is a single-instance store).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CredoApp.PostgresVariable)))
        {
            Skip = "PostgreSQL only: several Credo instances share one PostgreSQL database (SQLite runs one instance); set " + CredoApp.PostgresVariable + " to run it.";
        }
    }
}
