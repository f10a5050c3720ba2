namespace OrleansFed.Interfaces.Paillier;

/// <summary>Life of a Paillier round attempt.</summary>
public enum PaillierRoundPhase
{
    /// <summary>Accepting encrypted updates.</summary>
    Open,

    /// <summary>Closed; the encrypted sum waits for the key holder.</summary>
    AwaitingDecryption,

    /// <summary>The key holder's average is stored; the campaign commits it.</summary>
    Decrypted,

    /// <summary>Too few updates, or no decryption before the decryption deadline.</summary>
    Abandoned,
}
