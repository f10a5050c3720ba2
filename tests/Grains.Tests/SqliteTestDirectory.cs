namespace OrleansFed.Grains.Tests;

/// <summary>
/// A fresh directory under the temp folder for a test's SQLite grain storage. Disposing closes the pooled SQLite
/// connections (which would keep the files open) and deletes it. Converts to its path.
/// </summary>
public sealed class SqliteTestDirectory : IDisposable
{
    /// <summary>Names a new directory <paramref name="prefix"/> + a random suffix; nothing is created yet.</summary>
    /// <param name="prefix">E.g. <c>orleansfed-ledger-</c>.</param>
    public SqliteTestDirectory(string prefix) => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    public static implicit operator string(SqliteTestDirectory directory) => directory.Path;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
