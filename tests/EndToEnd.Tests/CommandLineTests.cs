using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>Bad arguments get a one-line error and exit code 2, never a stack trace.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["simulate", "--clients", "0", "--rounds", "1"], "--clients must be at least 1" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--protocol", "bogus"], "Argument 'bogus' not recognized" },
        // A token that does not convert must reach the parser's error, not a validator's stack trace.
        { ["campaign", "create", "--rounds", "3", "--batch-size", "bogus"], "Cannot parse argument 'bogus' for option '--batch-size'" },
        { ["client", "--campaign", "c", "--index", "0", "--clients", "2", "--poll-wait", "1e999"], "Cannot parse argument '1e999' for option '--poll-wait'" },
        { ["secprobe", "configure", "c", "--validation-set", "v", "--rounds", "3", "--m", "2", "--k", "1", "--epsilon", "1", "--hidden", "x"], "Cannot parse argument 'x' for option '--hidden'" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--threshold-sigma", "bogus"], "Cannot parse argument 'bogus' for option '--threshold-sigma'" },
        { ["simulate", "--dataset", "synthetic", "--clients", "2", "--rounds", "1", "--report", ""], "--report needs a path; got an empty one." },
        { ["client", "--campaign", "c", "--index", "0", "--clients", "2", "--state-dir", " "], "--state-dir needs a path; got an empty one." },
        { ["simulate", "--protocol", "secprobe", "--clients", "4", "--m", "2", "--k", "1", "--rounds", "1", "--epsilon", "1", "--task", "bogus"], "Argument 'bogus' not recognized" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--model", "resnet"], "resnet" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--dataset", "synthetic", "--partition", "zipf:2"], "Unknown partition spec" },
        { ["simulate", "--clients", "3", "--rounds", "1", "--dataset", "synthetic", "--partition", "sizes:10,20"], "lists 2 sizes but --clients is 3" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--data", "/nonexistent/mnist"], "does not hold the four MNIST IDX files" },
        { ["client", "--campaign", "c", "--index", "5", "--clients", "2", "--data", "synthetic"], "--index 5 is out of range" },
        { ["client", "--index", "0"], "--campaign" },
        { ["campaign", "create", "--rounds", "3", "--silo", "not a url"], "--silo must be an absolute" },
        { ["campaign", "create", "--rounds", "3", "--id", "Bad_Id"], "--id must match" },
        { ["campaign"], "Required command was not provided" },
        { ["silo", "--urls", "localhost:5000"], "is not an absolute http" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--aggregator", "krum"], "--aggregator: Unknown aggregator 'krum'; expected one of:" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--aggregator", "trimmed-mean:0.6"], "beta must be in [0, 0.5), got 0.6." },
        { ["simulate", "--clients", "2", "--rounds", "1", "--aggregator", "multi-krum:f=1,f=2"], "parameter 'f' is given twice" },
        { ["simulate", "--clients", "5", "--rounds", "1", "--dataset", "synthetic", "--aggregator", "multi-krum:f=2"], "needs at least 7 updates per round; --clients is 5" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--sample-fraction", "0"], "--sample-fraction must be in (0, 1]" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--sample-fraction", "1.5"], "--sample-fraction must be in (0, 1]" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--byzantine", "1", "--attack", "random"], "--byzantine must be in [0, 1)" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--byzantine", "0.5"], "--byzantine needs --attack" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--attack", "random"], "--attack needs --byzantine" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--byzantine", "0.5", "--attack", "flip"], "Unknown attack 'flip'" },
        { ["simulate", "--clients", "2", "--rounds", "1", "--byzantine", "0.5", "--attack", "sign-flip:0"], "scale must be a positive number" },
        { ["campaign", "create", "--rounds", "3", "--aggregator", "median:3"], "--aggregator: " },
        { ["campaign", "create", "--rounds", "3", "--sample-fraction", "-0.1"], "--sample-fraction must be in (0, 1]" },
        { ["silo", "--secprobe-validation-set", "mnist=/only/images"], "expected NAME=IMAGES,LABELS" },
        { ["silo", "--in-memory", "--urls", "http://127.0.0.1:0", "--secprobe-validation-set", "mnist=/no/images,/no/labels"], "Silo:SecProbeValidationSets:mnist:Images must name an existing IDX image file" },
        { ["silo", "--in-memory", "--urls", "http://127.0.0.1:0", "--admin-token", "short"], "error: invalid configuration: Silo:AdminToken must be at least 16 characters" },
        { ["silo", "--secprobe-validation-set", "mnist=a,b,count=x"], "is not count=N or classes=C" },
        { ["silo", "--postgres", "Host=x;Port=abc;Password=s3cr3t"], "--postgres: not a valid Npgsql connection string (Couldn't set port" },
        { ["silo", "--postgres", "Host=127.0.0.1", "--in-memory"], "cannot be combined with --in-memory or --data-dir" },
        { ["silo", "--postgres", "Host=127.0.0.1", "--postgres-schema", "Bad-Name", "--urls", "http://127.0.0.1:0"], "error: invalid configuration: Silo:PostgresSchema must be a lower-case SQL identifier" },
        { ["silo", "--secprobe-validation-set", "mnist=a,b,limit=3"], "unknown setting 'limit'" },
        { ["client", "--campaign", "c", "--index", "0", "--protocol", "secprobe", "--epsilon-budget", "0"], "--epsilon-budget must be positive" },
        { ["secprobe", "configure", "c", "--rounds", "3", "--m", "2", "--k", "1", "--epsilon", "1"], "--validation-set" },
        { ["secprobe", "configure", "c", "--validation-set", "v", "--rounds", "3", "--m", "2", "--k", "1", "--epsilon", "1", "--selection-mechanism", "best"], "best" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_arguments_exit_with_code_2_and_a_message_without_a_stack_trace(string[] arguments, string expected)
    {
        var (exitCode, output) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1), arguments);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_postgres_server_is_unreachable_stops_with_one_line_before_listening()
    {
        var (exitCode, output) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1),
            "silo", "--urls", "http://127.0.0.1:0", "--postgres", "Host=127.0.0.1;Port=1;Username=u;Password=s3cr3t;Timeout=2");

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}");
        Assert.Contains("error: storage: Failed to connect to 127.0.0.1:1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_silo_is_reported_plainly()
    {
        var port = TestEnvironment.FreePort();
        var (exitCode, output) = await OrleansFedProcess.RunAsync(
            Path.GetTempPath(), TimeSpan.FromMinutes(1), "campaign", "list", "--silo", $"http://127.0.0.1:{port}");

        Assert.Equal(3, exitCode);
        Assert.Contains("cannot reach the silo", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
