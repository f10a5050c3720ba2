namespace OrleansFed.Interfaces.Paillier;

/// <summary>The Paillier part of a task in a <c>paillier</c> campaign (<see cref="Api.TrainingTask.Paillier"/>).</summary>
public sealed record PaillierTask
{
    /// <summary>What to do.</summary>
    public required PaillierAction Action { get; init; }

    /// <summary>Participant id of the key holder.</summary>
    public required string KeyHolder { get; init; }

    /// <summary>Size of the key's modulus n in bits.</summary>
    public required int Bits { get; init; }

    /// <summary>n, base64 of its unsigned big-endian bytes; absent for <see cref="PaillierAction.GenerateKey"/>.</summary>
    public string? Modulus { get; init; }

    /// <summary>Fixed-point and packing parameters.</summary>
    public required PaillierEncoding Encoding { get; init; }

    /// <summary>Model parameters d (an update packs d + 2 values: the weights, the loss and n).</summary>
    public int ParameterCount { get; init; }

    /// <summary>Number of ciphertexts one update carries.</summary>
    public int Ciphertexts { get; init; }
}
