using System.Diagnostics;
using System.Text;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>
/// An <c>orleansfed</c> command running as its own OS process (<c>dotnet orleansfed.dll …</c>), with its output captured.
/// Disposing kills it (and its children) if it still runs.
/// </summary>
internal sealed class OrleansFedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private OrleansFedProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Path of <c>orleansfed.dll</c>: the test project references src/Cli, so it sits beside the tests.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "orleansfed.dll");

    public static OrleansFedProcess Start(string name, string workingDirectory, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The processes must not pick up a developer's silo settings.
        info.Environment.Remove("ORLEANSFED_SILO");
        info.Environment.Remove("ORLEANSFED_ADMIN_TOKEN");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new OrleansFedProcess(name, process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs a command to completion (bounded) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start("orleansfed " + string.Join(' ', arguments), workingDirectory, arguments);
        if (!await process.WaitForExitAsync(timeout))
        {
            throw new TimeoutException($"'{process.Name}' did not finish within {timeout}. Output:\n{process.Output}");
        }

        return (process.ExitCode, process.Output);
    }

    /// <summary>Waits for the process to exit; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            // The parameterless wait also drains the redirected output streams.
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL on Linux: no shutdown hooks, no flushing — a crash.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
