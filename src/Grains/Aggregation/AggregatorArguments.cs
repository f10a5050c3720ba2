using System.Globalization;

namespace OrleansFed.Grains.Aggregation;

/// <summary>The <c>key=value,…</c> (or single positional value) part of an aggregator spec, consumed parameter by parameter.</summary>
internal sealed class AggregatorArguments
{
    private readonly string _rule;
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);
    private string? _positional;

    private AggregatorArguments(string rule) => _rule = rule;

    public static AggregatorArguments Split(string rule, string? text)
    {
        var args = new AggregatorArguments(rule);
        if (text is null)
        {
            return args;
        }

        if (text.Length == 0)
        {
            throw new FormatException($"Aggregator '{rule}': nothing after ':'.");
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && !parts[0].Contains('=', StringComparison.Ordinal))
        {
            args._positional = parts[0];
            return args;
        }

        foreach (var part in parts)
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == part.Length - 1)
            {
                throw new FormatException($"Aggregator '{rule}': expected name=value, got '{part}'.");
            }

            var name = part[..eq].Trim();
            if (!args._named.TryAdd(name, part[(eq + 1)..].Trim()))
            {
                throw new FormatException($"Aggregator '{rule}': parameter '{name}' is given twice.");
            }
        }

        return args;
    }

    public double Double(string name, double? fallback, bool positional = false, double? min = null,
        double? minExclusive = null, double? maxExclusive = null)
    {
        var raw = Take(name, positional);
        if (raw is null)
        {
            return fallback ?? throw new FormatException($"Aggregator '{_rule}' needs {name}, e.g. {_rule}:{name}=5.0.");
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"Aggregator '{_rule}': {name} must be a finite number, got '{raw}'.");
        }

        if ((min is { } lo && value < lo) || (minExclusive is { } lx && value <= lx) || (maxExclusive is { } hx && value >= hx))
        {
            var range = (min, minExclusive, maxExclusive) switch
            {
                ({ } a, _, { } b) => string.Create(CultureInfo.InvariantCulture, $"in [{a}, {b})"),
                ({ } a, _, null) => string.Create(CultureInfo.InvariantCulture, $"at least {a}"),
                (_, { } a, _) => string.Create(CultureInfo.InvariantCulture, $"greater than {a}"),
                _ => "in range",
            };
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Aggregator '{_rule}': {name} must be {range}, got {raw}."));
        }

        return value;
    }

    public int Int(string name, int fallback, int min) => OptionalInt(name, min) ?? fallback;

    public int? OptionalInt(string name, int min)
    {
        var raw = Take(name, positional: false);
        if (raw is null)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > 10_000)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"Aggregator '{_rule}': {name} must be an integer between {min} and 10000, got '{raw}'."));
        }

        return value;
    }

    /// <summary>Fails on leftovers (unknown names, an unused positional value), then returns <paramref name="spec"/>.</summary>
    public AggregatorSpec Done(AggregatorSpec spec)
    {
        if (_positional is not null)
        {
            throw new FormatException($"Aggregator '{_rule}' takes no positional value ('{_positional}'); use name=value.");
        }

        if (_named.Count > 0)
        {
            throw new FormatException($"Aggregator '{_rule}' has no parameter named '{_named.Keys.First()}'.");
        }

        return spec;
    }

    private string? Take(string name, bool positional)
    {
        if (_named.Remove(name, out var value))
        {
            return value;
        }

        if (positional && _positional is not null)
        {
            value = _positional;
            _positional = null;
            return value;
        }

        return null;
    }
}
