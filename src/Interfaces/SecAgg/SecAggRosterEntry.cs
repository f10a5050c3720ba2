namespace OrleansFed.Interfaces.SecAgg;

/// <summary>One party of the key roster broadcast after step 0.</summary>
/// <param name="PartyId">Party id.</param>
/// <param name="EncryptionPublicKey">c^PK.</param>
/// <param name="MaskingPublicKey">s^PK.</param>
public sealed record SecAggRosterEntry(int PartyId, byte[] EncryptionPublicKey, byte[] MaskingPublicKey);
