namespace OrleansFed.Runtime;

/// <summary>The tables of the relational providers, as they appear in statements.</summary>
/// <param name="GrainState">Grain state records keyed by (state name, grain type, grain id).</param>
/// <param name="Reminders">Reminders keyed by (grain type, grain id, reminder name).</param>
/// <param name="ReminderEtag">The one-row counter reminder ETags come from (never reused).</param>
internal sealed record RelationalTables(string GrainState, string Reminders, string ReminderEtag)
{
    /// <summary>The tables under <paramref name="prefix"/> (empty, or a quoted schema name and a dot).</summary>
    public static RelationalTables Under(string prefix) =>
        new($"{prefix}grain_state", $"{prefix}reminders", $"{prefix}reminder_etag");
}
