using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using OrleansFed.Grains.Aggregation;

namespace OrleansFed.Cli;

/// <summary>Options shared by several commands, with their validation.</summary>
internal static class CliOptions
{
    /// <summary>Environment variable naming the silo URL.</summary>
    public const string SiloEnvironmentVariable = "ORLEANSFED_SILO";

    /// <summary>Environment variable holding the admin token.</summary>
    public const string AdminTokenEnvironmentVariable = "ORLEANSFED_ADMIN_TOKEN";

    /// <summary>Silo URL used when neither <c>--silo</c> nor the environment names one.</summary>
    public const string DefaultSiloUrl = "http://127.0.0.1:5000";

    public static Option<string> Silo()
    {
        var option = new Option<string>("--silo")
        {
            Description = $"Silo base URL (default: ${SiloEnvironmentVariable}, else {DefaultSiloUrl})",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SiloEnvironmentVariable) is { Length: > 0 } url ? url : DefaultSiloUrl,
            HelpName = "URL",
        };
        option.Validators.AddSafe(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!TryParseHttpUrl(value, out _))
            {
                result.AddError($"--silo must be an absolute http:// or https:// URL; got '{value}'.");
            }
        });
        return option;
    }

    public static Option<string?> AdminToken() => new("--admin-token")
    {
        Description = $"Admin bearer token when the silo requires one (default: ${AdminTokenEnvironmentVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AdminTokenEnvironmentVariable),
        HelpName = "TOKEN",
    };

    public static Option<int> Positive(string name, string description, int? defaultValue = null, string helpName = "N")
        => AtLeast(name, description, 1, defaultValue, helpName);

    public static Option<int> AtLeast(string name, string description, int minimum, int? defaultValue = null, string helpName = "N")
    {
        var option = new Option<int>(name) { Description = description, HelpName = helpName };
        if (defaultValue is { } d)
        {
            option.DefaultValueFactory = _ => d;
        }

        option.Validators.AddSafe(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError($"{name} must be at least {minimum}; got {value}.");
            }
        });
        return option;
    }

    public static Option<float> PositiveFloat(string name, string description, float defaultValue)
    {
        var option = new Option<float>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "X" };
        option.Validators.AddSafe(result =>
        {
            var value = result.GetValueOrDefault<float>();
            if (!(value > 0) || !float.IsFinite(value))
            {
                result.AddError($"{name} must be a positive number; got {value}.");
            }
        });
        return option;
    }

    /// <summary>An optional file or directory path; an empty or blank one is a usage error, not a crash at the end of a run.</summary>
    /// <param name="name">E.g. <c>--report</c>.</param>
    /// <param name="description">Help text.</param>
    /// <param name="helpName">E.g. <c>FILE.json</c>.</param>
    /// <returns>The option.</returns>
    public static Option<string?> FilePath(string name, string description, string helpName)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = helpName };
        option.Validators.AddSafe(result =>
        {
            if (result.Tokens is [var token] && string.IsNullOrWhiteSpace(token.Value))
            {
                result.AddError($"{name} needs a path; got an empty one.");
            }
        });
        return option;
    }

    public static Option<string> OneOf(string name, string description, string defaultValue, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    /// <summary><c>--aggregator SPEC</c>, validated by the silo's own parser so a bad spec fails before any request.</summary>
    public static Option<string?> Aggregator()
    {
        var option = new Option<string?>("--aggregator")
        {
            Description = "Aggregation rule: fedavg (default), fedprox:MU, fedadam, fedyogi, median, trimmed-mean:BETA, "
                          + "multi-krum:f=F,m=M, norm-bound:BOUND (docs/aggregation.md)",
            HelpName = "SPEC",
        };
        option.Validators.AddSafe(result =>
        {
            if (!AggregatorSpec.TryParse(result.GetValueOrDefault<string?>(), out _, out var error))
            {
                result.AddError($"--aggregator: {error}");
            }
        });
        return option;
    }

    /// <summary><c>--sample-fraction F</c>, F in (0, 1].</summary>
    public static Option<double?> SampleFraction()
    {
        var option = new Option<double?>("--sample-fraction")
        {
            Description = "Fraction of enrolled participants sampled per round, in (0, 1] (default: all)",
            HelpName = "F",
        };
        option.Validators.AddSafe(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } f && !(f > 0 && f <= 1))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--sample-fraction must be in (0, 1]; got {f}."));
            }
        });
        return option;
    }

    public static bool TryParseHttpUrl(string? value, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }

    public static Uri SiloUri(ParseResult parse, Option<string> silo)
    {
        var value = parse.GetValue(silo);
        return TryParseHttpUrl(value, out var uri) ? uri : throw new UsageException($"--silo must be an absolute http(s) URL; got '{value}'.");
    }

    /// <summary>A client of the silo at <paramref name="silo"/> carrying the admin token of <paramref name="admin"/>.</summary>
    public static OrleansFed.Client.OrleansFedClient AdminClient(ParseResult parse, Option<string> silo, Option<string?> admin)
        => OrleansFed.Client.OrleansFedClient.Create(SiloUri(parse, silo), new OrleansFed.Client.OrleansFedClientOptions { AdminToken = parse.GetValue(admin) });

    /// <summary><c>--json</c>: print the JSON document instead of a table or text.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table" };

    /// <summary>
    /// An admin command that takes an id argument plus <c>--silo</c>, <c>--admin-token</c> and <c>--json</c>, makes one
    /// call and prints its answer.
    /// </summary>
    public static Command AdminIdCommand<T>(
        string name, string description, string idDescription,
        Func<OrleansFed.Client.OrleansFedClient, string, CancellationToken, Task<T>> call, Action<T, bool> print) =>
        AdminCommand(name, description, new Argument<string>("id") { Description = idDescription }, (client, id, ct) => call(client, id!, ct), print);

    /// <summary>
    /// An admin command with <c>--silo</c>, <c>--admin-token</c>, <c>--json</c> and, when <paramref name="id"/> is given,
    /// that argument: it makes one call and prints the answer (<c>--json</c>: as JSON).
    /// </summary>
    public static Command AdminCommand<T>(
        string name, string description, Argument<string>? id,
        Func<OrleansFed.Client.OrleansFedClient, string?, CancellationToken, Task<T>> call, Action<T, bool> print)
    {
        var silo = Silo();
        var admin = AdminToken();
        var json = Json();
        var command = new Command(name, description) { silo, admin, json };
        if (id is not null)
        {
            command.Arguments.Add(id);
        }

        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async () =>
            {
                using var client = AdminClient(parse, silo, admin);
                print(await call(client, id is null ? null : parse.GetValue(id), ct).ConfigureAwait(false), parse.GetValue(json));
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }
}
