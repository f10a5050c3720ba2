namespace OrleansFed.Interfaces.Grains;

/// <summary>Outcome of a durable, accepted submission to a round grain.</summary>
/// <param name="Duplicate">The participant had already submitted; nothing was stored again.</param>
/// <param name="Received">Number of distinct participants whose updates are stored.</param>
/// <param name="Selected">Number of participants selected for the attempt.</param>
public sealed record RoundSubmitResult(bool Duplicate, int Received, int Selected);
