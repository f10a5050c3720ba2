using OrleansFed.Client;
using OrleansFed.Client.Participant;

namespace OrleansFed.Cli;

/// <summary>Runs a command body and turns every expected failure into a one-line message and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: invalid configuration: {string.Join(" ", ex.Failures)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (OrleansFedApiException ex)
        {
            await Console.Error.WriteLineAsync($"error: the silo answered {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (SiloUnreachableException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"error: cannot reach the silo: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (System.Data.Common.DbException ex)
        {
            // The silo's own database (SQLite file, PostgreSQL server) refused or could not be reached.
            await Console.Error.WriteLineAsync($"error: storage: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or InvalidOperationException
                                       or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
