using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics;
using OrleansFed.Client.Participant.Paillier;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Client.Participant;

/// <summary>
/// The participant side of the <c>paillier</c> privacy mode. Every participant encrypts its packed, weighted update
/// under the campaign's public key (with its own precomputed base, so it trusts nothing but n). The key holder also
/// generates the key pair — stored in its state directory before n is published, so a restarted key holder can still
/// decrypt — and, when asked, decrypts the round's sum and uploads the average. The private key never leaves this node.
/// </summary>
public sealed partial class ParticipantNode
{
    private PaillierKeyPair? _paillierKey;
    private (string Modulus, PaillierPacker Packer, int Width)? _paillierEncryption;
    private CryptoRandomSource? _paillierRandom;
    private (int Round, int Attempt)? _lastDecrypted;

    /// <summary>Runs a key-holder duty (key generation, decryption); false for a training task.</summary>
    private async Task<bool> TryRunPaillierDutyAsync(TrainingTask task, CancellationToken ct)
    {
        switch (task.Paillier?.Action)
        {
            case PaillierAction.GenerateKey:
                await PublishPaillierKeyAsync(task.Paillier, ct).ConfigureAwait(false);
                return true;
            case PaillierAction.Decrypt:
                await DecryptPaillierSumAsync(task, task.Paillier, ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private async Task PublishPaillierKeyAsync(PaillierTask paillier, CancellationToken ct)
    {
        var credential = _credential!;
        var source = "loaded";
        if (_paillierKey is null && LoadPaillierKey() is { } stored)
        {
            _paillierKey = stored;
        }

        if (_paillierKey is null)
        {
            source = "generated";
            CheckKeySize(paillier.Bits);
            var generated = await Task.Run(
                () => paillier.Bits < PaillierPublicKey.MinimumModulusBits
                    ? PaillierKeyPair.GenerateInsecureTestKey(paillier.Bits)
                    : PaillierKeyPair.Generate(paillier.Bits),
                ct).ConfigureAwait(false);
            var (p, q) = generated.PrivateKey.ExportPrimes();
            StoreFor()?.Save(_options.CampaignId, generated.PublicKey.Modulus, p, q);
            _paillierKey = generated;
        }

        PaillierLog.KeyReady(_logger, source, _paillierKey.PublicKey.Bits);
        var upload = new PaillierKeyUpload { Modulus = Base64(_paillierKey.PublicKey.Modulus) };
        try
        {
            await WithReconnectAsync("publish paillier key", c => _client.PublishPaillierKeyAsync(credential, upload, c), ct).ConfigureAwait(false);
        }
        catch (OrleansFedApiException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException(
                "The campaign already holds a different Paillier key than this key holder's: the private key that matches it is lost, " +
                "so the campaign's sums cannot be decrypted.", ex);
        }
    }

    private async Task DecryptPaillierSumAsync(TrainingTask task, PaillierTask paillier, CancellationToken ct)
    {
        var credential = _credential!;
        if (_lastDecrypted == (task.Round, task.Attempt))
        {
            await Task.Delay(_options.ReconnectBaseDelay, _options.TimeProvider, ct).ConfigureAwait(false);
            return;
        }

        var key = _paillierKey ??= LoadPaillierKey() ?? throw new InvalidOperationException(
            "This node is the campaign's Paillier key holder but has no private key (state directory lost?); the sums cannot be decrypted.");
        if (paillier.Modulus != Base64(key.PublicKey.Modulus))
        {
            throw new InvalidOperationException("The campaign's Paillier modulus differs from this key holder's key.");
        }

        PaillierBlob sum;
        try
        {
            sum = await WithReconnectAsync(
                "download paillier sum", c => _client.DownloadPaillierSumAsync(credential, task.Round, task.Attempt, c), ct).ConfigureAwait(false);
        }
        catch (OrleansFedApiException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            PaillierLog.DecryptionRefused(_logger, task.Round, task.Attempt, ex.Title);
            return;
        }

        var watch = Stopwatch.StartNew();
        UpdateBlob average;
        try
        {
            average = await Task.Run(() => DecryptAverage(key, paillier, task.Round, task.Attempt, sum), ct).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // A sum that is not a sum of valid updates: refuse it (the attempt times out and is retried).
            _lastDecrypted = (task.Round, task.Attempt);
            PaillierLog.DecryptionRefused(_logger, task.Round, task.Attempt, ex.Message);
            return;
        }

        PaillierLog.Decrypted(_logger, task.Round, task.Attempt, sum.Summands, average.SampleCount, watch.Elapsed.TotalMilliseconds);
        try
        {
            await WithReconnectAsync(
                "submit paillier average", c => _client.SubmitPaillierAverageAsync(credential, task.Attempt, average, c), ct).ConfigureAwait(false);
        }
        catch (OrleansFedApiException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            PaillierLog.DecryptionRefused(_logger, task.Round, task.Attempt, ex.Title);
        }

        _lastDecrypted = (task.Round, task.Attempt);
    }

    /// <summary>Decrypts and unpacks a round's sum into the FedAvg average.</summary>
    internal static UpdateBlob DecryptAverage(PaillierKeyPair key, PaillierTask paillier, int round, int attempt, PaillierBlob sum)
    {
        var encoding = paillier.Encoding;
        var packer = new PaillierPacker(key.PublicKey, encoding.ValueBits, encoding.MaxSummands);
        var values = PaillierUpdateCodec.PackedLength(paillier.ParameterCount);
        if (sum.Round != round || sum.Attempt != attempt || sum.Summands > encoding.MaxSummands || sum.Count != packer.PlaintextsFor(values))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The sum is for round {sum.Round} attempt {sum.Attempt} with {sum.Count} ciphertexts and {sum.Summands} summands; " +
                $"expected round {round} attempt {attempt} with {packer.PlaintextsFor(values)} ciphertexts."));
        }

        var plaintexts = new BigInteger[sum.Count];
        for (var k = 0; k < sum.Count; k++)
        {
            var c = new BigInteger(sum.Ciphertexts.Span.Slice(k * sum.Width, sum.Width), isUnsigned: true, isBigEndian: true);
            try
            {
                plaintexts[k] = key.PrivateKey.Decrypt(new PaillierCiphertext(c));
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"Ciphertext {k} of the sum is not a valid ciphertext: {ex.Message}", ex);
            }
        }

        var sums = new long[values];
        try
        {
            packer.UnpackSum(plaintexts, sum.Summands, sums);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"The decrypted sum is not a sum of {sum.Summands} packed updates: {ex.Message}", ex);
        }

        var weights = PaillierUpdateCodec.DecodeAverage(sums, encoding, out var samples, out var loss);
        return new UpdateBlob(round, samples, loss, weights);
    }

    private async Task<PaillierBlob> EncryptPaillierUpdateAsync(TrainingTask task, PaillierTask paillier, UpdateBlob update, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var blob = await Task.Run(() => EncryptUpdate(paillier, task.Round, task.Attempt, update), ct).ConfigureAwait(false);
        PaillierLog.Encrypted(_logger, task.Round, blob.Count, watch.Elapsed.TotalMilliseconds);
        return blob;
    }

    private PaillierBlob EncryptUpdate(PaillierTask paillier, int round, int attempt, UpdateBlob update)
    {
        var modulus = paillier.Modulus ?? throw new InvalidOperationException("The training task carries no Paillier modulus.");
        _paillierRandom ??= new CryptoRandomSource();
        if (_paillierEncryption is not { } cached || cached.Modulus != modulus)
        {
            var n = new BigInteger(Convert.FromBase64String(modulus), isUnsigned: true, isBigEndian: true);
            CheckKeySize((int)n.GetBitLength());
            var plain = PublicKey(n, null);
            // Our own precomputed base: encryption then trusts nothing from the silo but n.
            var key = PublicKey(n, plain.CreatePrecomputedBase(_paillierRandom));
            cached = (modulus, new PaillierPacker(key, paillier.Encoding.ValueBits, paillier.Encoding.MaxSummands), (int)((key.ModulusSquared.GetBitLength() + 7) / 8));
            _paillierEncryption = cached;
        }

        var packer = cached.Packer;
        var values = PaillierUpdateCodec.Encode(update.Weights.Span, update.TrainLoss, update.SampleCount, paillier.Encoding);
        var ciphertexts = packer.Encrypt(values, _paillierRandom);
        if (ciphertexts.Length != paillier.Ciphertexts)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The update packs into {ciphertexts.Length} ciphertexts but the campaign expects {paillier.Ciphertexts}."));
        }

        var width = cached.Width;
        var bytes = new byte[width * ciphertexts.Length];
        for (var k = 0; k < ciphertexts.Length; k++)
        {
            var value = ciphertexts[k].Value;
            var length = value.GetByteCount(isUnsigned: true);
            value.TryWriteBytes(bytes.AsSpan((k * width) + width - length, length), out _, isUnsigned: true, isBigEndian: true);
        }

        return new PaillierBlob(round, attempt, 1, width, bytes);
    }

    private PaillierPublicKey PublicKey(BigInteger n, BigInteger? precomputedBase) =>
        n.GetBitLength() < PaillierPublicKey.MinimumModulusBits
            ? PaillierPublicKey.ForTesting(n, precomputedBase)
            : new PaillierPublicKey(n, precomputedBase);

    private void CheckKeySize(int bits)
    {
        if (bits < PaillierPublicKey.MinimumModulusBits && !_options.AllowInsecurePaillierKeys)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The campaign uses a {bits}-bit Paillier key; below {PaillierPublicKey.MinimumModulusBits} bits is refused unless AllowInsecurePaillierKeys is set (tests only)."));
        }
    }

    private PaillierKeyPair? LoadPaillierKey()
    {
        if (StoreFor()?.Load(_options.CampaignId) is not { } stored)
        {
            return null;
        }

        CheckKeySize((int)stored.N.GetBitLength());
        var publicKey = PublicKey(stored.N, null);
        return new PaillierKeyPair(publicKey, PaillierPrivateKey.FromPrimes(stored.P, stored.Q, publicKey));
    }

    private PaillierKeyStore? StoreFor() =>
        _options.StateDirectory is { } dir ? new PaillierKeyStore(dir, _options.CampaignId, _options.Name) : null;

    private static string Base64(BigInteger value) => Convert.ToBase64String(value.ToByteArray(isUnsigned: true, isBigEndian: true));
}
