using System.CommandLine;
using System.Globalization;
using OrleansFed.Interfaces.Pate;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>The options <c>simulate --protocol pate</c> adds (docs/cli.md), and the settings they make.</summary>
internal sealed class PateOptions
{
    private readonly Option<int> _teachers = CliOptions.Positive("--teachers", "PATE: number of teachers (disjoint training shards)", 100);
    private readonly Option<int> _shardSize = CliOptions.Positive("--shard-size", "PATE: training examples per teacher", PateSettings.DefaultShardSize);
    private readonly Option<int> _queries = CliOptions.Positive("--queries", "PATE: public queries offered to the teachers", 1000);
    private readonly Option<int> _queryBatch = CliOptions.Positive("--query-batch", "PATE: queries per batch (one vote tally, one secure-aggregation session)", 100);
    private readonly Option<int> _publicSize = CliOptions.Positive("--public-size", "PATE: unlabeled public slice taken from the start of the test set; the rest evaluates", 5000);
    private readonly Option<double> _budget = Double("--epsilon-budget", "PATE: the campaign's ε budget; answers stop before exceeding it", 10);
    private readonly Option<double> _delta = Double("--delta", "PATE, dp-sgd, dp-central: δ at which ε is measured", 1e-5);

    /// <summary>The shared <c>--delta</c> option (the DP modes of <c>simulate</c> read it too).</summary>
    public Option<double> Delta => _delta;
    private readonly Option<string> _accounting = CliOptions.OneOf("--accounting", "PATE: privacy analysis of central mechanisms", "data-dependent", "data-dependent", "data-independent");
    private readonly Option<double?> _gamma = OptionalDouble("--gamma", "PATE lnmax: inverse Laplace scale γ (default 0.05 × 250 / teachers)");
    private readonly Option<double?> _sigma = OptionalDouble("--sigma", "PATE gnmax σ, confident-gnmax σ₂ (default 40 × teachers / 250)");
    private readonly Option<double?> _threshold = OptionalDouble("--threshold", "PATE confident-gnmax: threshold T (default 200 × teachers / 250)");
    private readonly Option<double?> _thresholdSigma = OptionalDouble("--threshold-sigma", "PATE confident-gnmax: σ₁ (default 150 × teachers / 250)");
    private readonly Option<double?> _localEpsilon = OptionalDouble("--local-epsilon", "PATE local-geometric: ε per teacher answer (default 1)");
    private readonly Option<bool> _plainVotes = new("--plain-votes") { Description = "PATE: send one-hot votes in the clear instead of under secure aggregation" };
    private readonly Option<int> _secAggDegree = CliOptions.AtLeast("--secagg-degree", "PATE: SecAgg+ neighbour degree (even; 0 = every pair)", 0, 0);
    private readonly Option<string> _teacherModel = CliOptions.OneOf("--teacher-model", "PATE: teacher architecture", "mlp", "mlp", "logreg", "cnn");
    private readonly Option<int> _teacherEpochs = CliOptions.Positive("--teacher-epochs", "PATE: teacher training epochs", 20);
    private readonly Option<float> _teacherLr = CliOptions.PositiveFloat("--teacher-learning-rate", "PATE: teacher SGD learning rate (momentum 0.9)", 0.05f);
    private readonly Option<string> _studentModel = CliOptions.OneOf("--student-model", "PATE: student architecture", "cnn", "mlp", "logreg", "cnn");
    private readonly Option<int> _studentEpochs = CliOptions.Positive("--student-epochs", "PATE: student training epochs", 60);
    private readonly Option<float> _studentLr = CliOptions.PositiveFloat("--student-learning-rate", "PATE: student SGD learning rate (momentum 0.9)", 0.02f);
    private readonly Option<int> _studentAugment = CliOptions.AtLeast("--student-augment", "PATE: shifted copies (1-2 pixels) of each labeled image in the student's training set, 0-16", 0, 0);
    private readonly Option<int> _threads = CliOptions.Positive("--threads", "Worker threads (pate: teachers trained at once; fedcollab: workers computing at once)", 2);
    private readonly Option<string?> _labels = CliOptions.FilePath("--labels-out", "PATE: write the labeled public set (query_id,label CSV) here", "FILE.csv");
    private readonly Option<string?> _teacherCache = CliOptions.FilePath("--teacher-cache", "PATE: keep trained teachers here and reuse them in later runs with the same data, model and training settings", "DIR");
    private readonly Option<string?> _stateDir = CliOptions.FilePath("--state-dir", "PATE: keep the silo's SQLite state in this directory (default: a temporary one)", "DIR");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
                 {
                     _teachers, _shardSize, _queries, _queryBatch, _publicSize, _budget, _delta, _accounting, _gamma, _sigma, _threshold,
                     _thresholdSigma, _localEpsilon, _plainVotes, _secAggDegree, _teacherModel, _teacherEpochs, _teacherLr, _studentModel,
                     _studentEpochs, _studentLr, _studentAugment, _threads, _labels, _teacherCache, _stateDir,
                 })
        {
            command.Options.Add(option);
        }
    }

    public PateSettings Settings(ParseResult parse, string aggregator, string dataset, string dataDirectory, int syntheticCount, int batchSize, int seed)
    {
        int teachers = parse.GetValue(_teachers);
        int degree = parse.GetValue(_secAggDegree);
        if (degree != 0 && (degree % 2 != 0 || degree >= teachers))
        {
            throw new UsageException($"--secagg-degree must be 0 or an even number below --teachers; got {degree}.");
        }

        var spec = PateAggregatorNames.Create(
            aggregator, teachers, parse.GetValue(_gamma), parse.GetValue(_sigma), parse.GetValue(_threshold), parse.GetValue(_thresholdSigma),
            parse.GetValue(_localEpsilon));
        return new PateSettings
        {
            Dataset = dataset,
            DataDirectory = dataDirectory,
            SyntheticTrainCount = syntheticCount,
            Teachers = teachers,
            ShardSize = parse.GetValue(_shardSize),
            Queries = parse.GetValue(_queries),
            QueryBatch = parse.GetValue(_queryBatch),
            PublicSize = parse.GetValue(_publicSize),
            Aggregator = spec,
            Accounting = parse.GetValue(_accounting) == "data-independent" ? PateAccounting.DataIndependent : PateAccounting.DataDependent,
            EpsilonBudget = parse.GetValue(_budget),
            Delta = parse.GetValue(_delta),
            SecureAggregation = !parse.GetValue(_plainVotes),
            SecAggDegree = degree,
            TeacherModel = parse.GetValue(_teacherModel)!,
            TeacherEpochs = parse.GetValue(_teacherEpochs),
            TeacherLearningRate = parse.GetValue(_teacherLr),
            StudentModel = parse.GetValue(_studentModel)!,
            StudentEpochs = parse.GetValue(_studentEpochs),
            StudentLearningRate = parse.GetValue(_studentLr),
            StudentAugment = parse.GetValue(_studentAugment) <= StudentAugmentation.MaxCopies
                ? parse.GetValue(_studentAugment)
                : throw new UsageException($"--student-augment must be at most {StudentAugmentation.MaxCopies}."),
            BatchSize = batchSize,
            Threads = parse.GetValue(_threads),
            Seed = seed,
            LabelsPath = parse.GetValue(_labels),
            StateDirectory = parse.GetValue(_stateDir),
            TeacherCache = parse.GetValue(_teacherCache),
        };
    }

    private static Option<double> Double(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "X" };
        option.Validators.AddSafe(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (!(value > 0) || !double.IsFinite(value))
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a positive number; got {value}."));
            }
        });
        return option;
    }

    private static Option<double?> OptionalDouble(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "X" };
        option.Validators.AddSafe(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } value && (!(value > 0) || !double.IsFinite(value)))
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a positive number; got {value}."));
            }
        });
        return option;
    }
}
