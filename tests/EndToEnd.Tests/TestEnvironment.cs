using System.Net;
using System.Net.Sockets;

namespace OrleansFed.EndToEnd.Tests;

internal static class TestEnvironment
{
    /// <summary>The repository root (the directory holding OrleansFed.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OrleansFed.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("OrleansFed.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>data/mnist when the four IDX files are there, otherwise null (tests then use synthetic data).</summary>
    public static string? MnistDirectory
    {
        get
        {
            var dir = Path.Combine(RepositoryRoot, "data", "mnist");
            return OrleansFed.Learning.Mnist.Exists(dir) ? dir : null;
        }
    }

    /// <summary>A loopback port free right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static DirectoryInfo TempDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix);

    public static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
