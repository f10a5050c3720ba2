using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>
/// A silo (memory storage unless a test restarts it on SQLite) with one SecProbe validation set, "blobs", and the HTTP
/// helpers the SecProbe route tests share.
/// </summary>
public abstract class SecProbeSiloTestBase : IAsyncLifetime
{
    protected const string AdminToken = "admin-secret-secprobe-0123456789";
    protected const string Id = "sp-http";
    protected const int Hidden = 4;

    /// <summary>Parameters of the 16-input, 4-hidden, 3-class network: 4·16 + 4 + 3·5.</summary>
    protected const int ParameterCount = 83;

    protected readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansfed-secprobe-" + Guid.NewGuid().ToString("N"));
    protected RunningSilo _silo = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        IdxWriter.WriteDataset(Blobs(300, seed: 5), Images, Labels, rows: 4);
        _silo = await StartAsync(storage: StorageKind.Memory);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected string Images => Path.Combine(_directory, "val-images-idx3-ubyte");

    protected string Labels => Path.Combine(_directory, "val-labels-idx1-ubyte");

    /// <summary>Three classes on 4×4 images: class c is bright in pixels 5c … 5c + 4. Features are multiples of 1/255.</summary>
    protected static Dataset Blobs(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 16];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 3;
            for (int f = 0; f < 16; f++)
            {
                double x = f / 5 == labels[i] ? 0.6 + (0.4 * random.NextDouble()) : 0.3 * random.NextDouble();
                features[(i * 16) + f] = MathF.Round((float)x * 255f) / 255f;
            }
        }

        return new Dataset(features, labels, 16, 3);
    }

    protected Task<RunningSilo> StartAsync(StorageKind storage) => RunningSilo.StartAsync(o =>
    {
        o.AdminToken = AdminToken;
        o.Storage = storage;
        o.DataDirectory = Path.Combine(_directory, "silo");
        o.SecProbeValidationSets["blobs"] = new SecProbeValidationSetOptions { Images = Images, Labels = Labels, Classes = 3 };
    });

    protected static SecProbeCampaignSpec Spec(int rounds = 2, int accept = 2, int select = 1) => new()
    {
        ValidationSet = "blobs",
        Rounds = rounds,
        Accept = accept,
        Select = select,
        ParticipantEpsilon = 0.5,
        Hidden = Hidden,
        PretrainEpochs = 2,
        Seed = 3,
    };

    protected static async Task<HttpResponseMessage> SendAsync(RunningSilo silo, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await silo.Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> ConfigureAsync(SecProbeCampaignSpec spec, string? token = AdminToken, string id = Id) =>
        SendAsync(_silo, HttpMethod.Put, $"/v1/secprobe/{id}", token, JsonContent.Create(spec, options: RunningSilo.Json));

    protected static async Task<Enrollment> EnrollAsync(RunningSilo silo, string name)
    {
        var response = await SendAsync(silo, HttpMethod.Post, $"/v1/secprobe/{Id}/participants", null,
            JsonContent.Create(new EnrollRequest { Name = name, SampleCount = 50 }, options: RunningSilo.Json));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Enrollment>(RunningSilo.Json))!;
    }

    protected static Task<HttpResponseMessage> UploadAsync(RunningSilo silo, string token, int round, byte[] body, string contentType = ApiConventions.OctetStream)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return SendAsync(silo, HttpMethod.Put, $"/v1/secprobe/{Id}/rounds/{round}/upload", token, content);
    }

    protected static async Task<SecProbeUploadReceipt> AcceptedUploadAsync(RunningSilo silo, string token, int round, float[] weights)
    {
        var response = await UploadAsync(silo, token, round, TensorWire.EncodeModel(round - 1L, weights));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SecProbeUploadReceipt>(RunningSilo.Json))!;
    }

    protected static async Task<T> GetJsonAsync<T>(RunningSilo silo, string path, string token)
    {
        var response = await SendAsync(silo, HttpMethod.Get, path, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(RunningSilo.Json))!;
    }

    protected static async Task<ModelBlob> ModelAsync(RunningSilo silo, string token)
    {
        var response = await SendAsync(silo, HttpMethod.Get, $"/v1/secprobe/{Id}/model", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return TensorWire.DecodeModel(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The global weights with the output layer set to <paramref name="value"/>, so each upload is recognisable.</summary>
    protected static float[] Marked(ModelBlob global, float value)
    {
        var weights = global.Weights.ToArray();
        Array.Fill(weights, value, Hidden * 16 + Hidden, weights.Length - (Hidden * 16 + Hidden));
        return weights;
    }

    protected static void AssertSpent(string ledger, double epsilon, int[] rounds, SecProbePrivacySpent actual)
    {
        Assert.Equal(ledger, actual.Ledger);
        Assert.Equal(epsilon, actual.Epsilon, 12);
        Assert.Equal(rounds, actual.Rounds.ToArray());
    }
}
