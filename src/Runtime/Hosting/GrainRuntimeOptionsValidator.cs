using Microsoft.Extensions.Options;

namespace OrleansFed.Runtime;

/// <summary>Rejects non-positive durations and a collection quantum longer than the collection age.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var failures = new List<string>();
        Positive(nameof(options.CollectionAge), options.CollectionAge, failures);
        Positive(nameof(options.CollectionQuantum), options.CollectionQuantum, failures);
        Positive(nameof(options.ResponseTimeout), options.ResponseTimeout, failures);
        Positive(nameof(options.ReminderPollInterval), options.ReminderPollInterval, failures);
        Positive(nameof(options.MinimumReminderPeriod), options.MinimumReminderPeriod, failures);
        Positive(nameof(options.DeactivationTimeout), options.DeactivationTimeout, failures);
        if (options.CollectionQuantum > options.CollectionAge)
        {
            failures.Add($"GrainRuntimeOptions.CollectionQuantum ({options.CollectionQuantum}) must not exceed CollectionAge ({options.CollectionAge}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(string name, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            failures.Add($"GrainRuntimeOptions.{name} must be a positive, finite duration; it is {value}.");
        }
    }
}
