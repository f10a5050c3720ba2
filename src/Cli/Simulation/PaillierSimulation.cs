using System.Globalization;
using System.Numerics;
using System.Text;
using OrleansFed.Grains.Paillier;
using OrleansFed.Interfaces.Api;
using OrleansFed.Learning;

namespace OrleansFed.Cli.Simulation;

/// <summary>Simulation helpers for <c>--privacy paillier</c> and <c>--model-out</c>.</summary>
internal static class PaillierSimulation
{
    /// <summary>Why a paillier spec is invalid; null for a valid one or another mode.</summary>
    public static string? SpecError(string? privacy) =>
        PrivacyModes.NameOf(privacy) == PrivacyModes.Paillier && !PaillierModeSpec.TryParse(privacy, out _, out var error) ? error : null;

    /// <summary>Whether the spec is a paillier spec with the insecure <c>test-keys=true</c>.</summary>
    public static bool TestKeys(string privacy) => PaillierModeSpec.TryParse(privacy, out var spec, out _) && spec.TestKeys;

    /// <summary>Ciphertexts per update for the model (n has exactly <c>bits</c> bits); null when not paillier.</summary>
    public static int? CiphertextsPerUpdate(string privacy, ModelSpec model)
    {
        if (!PaillierModeSpec.TryParse(privacy, out var spec, out _))
        {
            return null;
        }

        var offset = (1L << (spec.ValueBits - 1)) - 1;
        var slotBits = (int)(new BigInteger(2 * offset) * spec.MaxSummands).GetBitLength();
        var slots = (spec.Bits - 1) / slotBits;
        var values = PaillierModeSpec.PackedValues(Model.Create(model, 0).ParameterCount);
        return (values + slots - 1) / slots;
    }

    /// <summary>Writes weights as text, one round-trippable float per line.</summary>
    public static async Task WriteModelAsync(string path, ReadOnlyMemory<float> weights, CancellationToken ct)
    {
        var text = new StringBuilder(weights.Length * 12);
        foreach (var w in weights.Span)
        {
            text.Append(w.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, text.ToString(), ct).ConfigureAwait(false);
    }
}
