using System.Net;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning;

namespace OrleansFed.Client.Tests;

/// <summary>
/// A scripted stand-in for the silo's participant endpoints, for testing the participant loop's reactions
/// (410, 401, 409, outages) exactly. It hands one task per round and ends the campaign after <c>rounds</c>.
/// </summary>
internal sealed class ScriptedSilo
{
    private readonly Lock _gate = new();
    private readonly int _rounds;
    private float[] _global;
    private int _round = 1;
    private int _enrollments;

    public ScriptedSilo(int rounds, string model = "logreg")
    {
        _rounds = rounds;
        Model = model;
        _global = OrleansFed.Learning.Model.Create(ModelSpec.Parse(model), seed: 1).GetParameters();
        Handler = new StubHandler(Respond);
    }

    public string Model { get; }

    public StubHandler Handler { get; }

    public List<UpdateBlob> Updates { get; } = [];

    /// <summary>Return this many connection failures before answering normally (reset per failure burst).</summary>
    public int FailNext { get; set; }

    /// <summary>Answer the next upload with this status (and then behave normally).</summary>
    public HttpStatusCode? RefuseNextUpload { get; set; }

    /// <summary>DP-SGD settings every task carries (a <c>dp-sgd</c> campaign); none by default.</summary>
    public DpSgdTaskSettings? DpSgd { get; init; }

    /// <summary>Tokens the silo knows; a poll with another token gets 401.</summary>
    public HashSet<string> KnownTokens { get; } = [];

    public int Enrollments => _enrollments;

    private HttpResponseMessage Respond(RecordedRequest request, int index)
    {
        lock (_gate)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
            }

            if (request.Method == HttpMethod.Post && request.Path.EndsWith("/participants", StringComparison.Ordinal))
            {
                _enrollments++;
                var token = $"token-{_enrollments}";
                KnownTokens.Add(token);
                return StubHandler.Json(HttpStatusCode.Created, new Enrollment { ParticipantId = $"p-{_enrollments}", Token = token });
            }

            if (request.BearerToken is null || !KnownTokens.Contains(request.BearerToken))
            {
                return StubHandler.Problem(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "Unknown participant");
            }

            if (request.Path.Contains("/tasks/next", StringComparison.Ordinal))
            {
                if (_round > _rounds)
                {
                    return StubHandler.Problem(HttpStatusCode.Gone, ProblemTypes.CampaignEnded, "Campaign ended", "Completed");
                }

                return StubHandler.Json(HttpStatusCode.OK, new TrainingTask
                {
                    Round = _round, Attempt = 1, ModelVersion = _round - 1, Model = Model, LocalEpochs = 1, BatchSize = 16,
                    LearningRate = 0.1f, Seed = 5, Deadline = DateTimeOffset.UtcNow.AddMinutes(5), DpSgd = DpSgd,
                });
            }

            if (request.Path.EndsWith("/model", StringComparison.Ordinal))
            {
                return StubHandler.Bytes(TensorWire.EncodeModel(_round - 1, _global), _round - 1);
            }

            if (request.Method == HttpMethod.Put)
            {
                if (RefuseNextUpload is { } status)
                {
                    RefuseNextUpload = null;
                    _round++;
                    return StubHandler.Problem(status, ProblemTypes.RoundClosed, "Round closed");
                }

                var update = TensorWire.DecodeUpdate(request.Body);
                Updates.Add(update);
                _global = update.Weights.ToArray();
                _round++;
                return StubHandler.Json(HttpStatusCode.Accepted, new SubmitReceipt { Round = update.Round, Accepted = true, Duplicate = false });
            }

            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }
}
