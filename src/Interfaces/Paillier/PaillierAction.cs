using System.Text.Json.Serialization;

namespace OrleansFed.Interfaces.Paillier;

/// <summary>What a participant is asked to do in a <c>paillier</c> campaign (<see cref="PaillierTask.Action"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaillierAction>))]
public enum PaillierAction
{
    /// <summary>Train, then encrypt the weighted update under <see cref="PaillierTask.Modulus"/> and upload the ciphertexts.</summary>
    Train,

    /// <summary>Key holder only: generate a key pair of <see cref="PaillierTask.Bits"/> bits, keep the private key, publish n.</summary>
    GenerateKey,

    /// <summary>Key holder only: download the round's encrypted sum, decrypt it, upload the average.</summary>
    Decrypt,
}
