using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OrleansFed.Interfaces.Pate;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// The labeled public set a PATE campaign produces, as a small CSV file (docs/pate.md): UTF-8 without BOM, LF line ends,
/// the header line <c>query_id,label</c>, then one line per answered query with two non-negative invariant-culture
/// integers, in plan order. Query ids are distinct. The reader is strict and rejects anything else.
/// </summary>
public static class LabeledSetFile
{
    /// <summary>The header line.</summary>
    public const string Header = "query_id,label";

    /// <summary>Writes the labeled set.</summary>
    /// <param name="stream">Destination (left open).</param>
    /// <param name="labels">The labeled queries.</param>
    public static void Write(Stream stream, IEnumerable<LabeledQuery> labels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(labels);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        var seen = new HashSet<int>();
        foreach (var l in labels)
        {
            if (l.QueryId < 0 || l.Label < 0 || !seen.Add(l.QueryId))
            {
                throw new ArgumentException($"Labels need distinct, non-negative query ids and non-negative labels (query {l.QueryId}).", nameof(labels));
            }

            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{l.QueryId},{l.Label}"));
        }
    }

    /// <summary>Reads a labeled set written by <see cref="Write"/>.</summary>
    /// <param name="stream">Source (left open).</param>
    /// <returns>The labeled queries in file order.</returns>
    /// <exception cref="FormatException">The content does not follow the format.</exception>
    public static ImmutableArray<LabeledQuery> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        string text = reader.ReadToEnd();
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("A labeled-set file ends with a line feed.");
        }

        var lines = text[..^1].Split('\n');
        if (lines[0] != Header)
        {
            throw new FormatException($"The first line must be '{Header}'.");
        }

        var result = ImmutableArray.CreateBuilder<LabeledQuery>(lines.Length - 1);
        var seen = new HashSet<int>();
        for (int i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(',');
            if (parts.Length != 2 || !TryParse(parts[0], out int queryId) || !TryParse(parts[1], out int label))
            {
                throw new FormatException($"Line {i + 1} is not two non-negative integers separated by a comma.");
            }

            if (!seen.Add(queryId))
            {
                throw new FormatException($"Line {i + 1}: query {queryId} appears twice.");
            }

            result.Add(new LabeledQuery(queryId, label));
        }

        return result.MoveToImmutable();
    }

    private static bool TryParse(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
