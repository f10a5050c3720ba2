using OrleansFed.Client.SecProbe;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Privacy.FunctionalMechanism;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Cli.Simulation.SecProbe;

/// <summary>
/// The learning task of a SecProbe simulation: classification (MNIST or MNIST-shaped synthetic blobs, accuracy) or
/// regression (synthetic tabular data in [0, 1], MRE). Holds the participants' shards (after the silo's validation
/// tuples were taken out of the training set), the validation set and the test set.
/// </summary>
internal abstract class SecProbeTask
{
    /// <summary>Features of the synthetic regression data.</summary>
    public const int RegressionFeatures = 8;

    public abstract string MetricName { get; }

    public abstract SecProbeNetwork Network(int hidden);

    public abstract ISecProbeValidator Validator(SecProbeNetwork network);

    public abstract double Evaluate(SecProbeNetwork network, float[] weights);

    /// <summary>Δ of the participants' functional-mechanism release with <paramref name="trainer"/>'s settings.</summary>
    public abstract double Sensitivity(FunctionalMechanismTrainer trainer, SecProbeNetwork network);

    /// <summary>The silo's initial weights: seeded, with the hidden layer trained on the silo's own validation tuples (classification).</summary>
    public abstract float[] InitialWeights(SecProbeNetwork network, int pretrainEpochs, int seed);

    /// <summary>Participant <paramref name="index"/> of <paramref name="count"/>, its inputs corrupted with fraction <paramref name="noise"/>.</summary>
    public abstract Party CreateParty(int index, int count, double noise, int seed);

    /// <summary>One party holding the data of every party flagged in <paramref name="include"/> (the centralized baseline).</summary>
    public abstract Party Union(Party[] parties, bool[] include);

    public static SecProbeTask Load(SecProbeSettings settings)
    {
        if (settings.Dataset == "regression")
        {
            var all = RegressionData.Synthetic(settings.SyntheticTrainCount + settings.ValidationSize, RegressionFeatures, settings.Seed);
            var test = RegressionData.Synthetic(2000, RegressionFeatures, settings.Seed + 1_000_003);
            return new Regression(all, test, settings.ValidationSize, settings.Seed);
        }

        var (train, testSet) = TrainingData.Load(
            settings.Dataset == "synthetic" ? TrainingData.Synthetic : settings.DataDirectory, settings.Seed, settings.SyntheticTrainCount);
        if (settings.ValidationSize + settings.PretrainSize >= train.Count)
        {
            throw new UsageException(settings.PretrainSize > 0
                ? $"--validation-size {settings.ValidationSize} and --silo-pretrain-size {settings.PretrainSize} leave no training data (the set holds {train.Count})."
                : $"--validation-size {settings.ValidationSize} leaves no training data (the set holds {train.Count}).");
        }

        return new Classification(train, testSet, settings.ValidationSize, settings.PretrainSize, settings.Seed);
    }

    /// <summary>
    /// Shuffled indices: the first ones go to the silo (its validation set, then any tuples it keeps for pretraining
    /// only), the rest are split in equal shards.
    /// </summary>
    protected static int[] Shuffled(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed + 101).Shuffle(order);
        return order;
    }

    protected static int[] Shard(int[] order, int reserved, int index, int parties)
    {
        int pool = order.Length - reserved;
        int start = reserved + (int)((long)pool * index / parties);
        int end = reserved + (int)((long)pool * (index + 1) / parties);
        return order[start..end];
    }

    /// <summary>One participant's data and how it trains.</summary>
    internal abstract class Party
    {
        public abstract int Count { get; }

        public abstract float[] Train(FunctionalMechanismTrainer trainer, ReadOnlySpan<float> global, RandomSource random);
    }

    private sealed class Classification(Dataset train, Dataset test, int validation, int pretrain, int seed) : SecProbeTask
    {
        private readonly int[] _order = Shuffled(train.Count, seed);

        /// <summary>Tuples the silo holds: the validation set and the pretraining-only tuples.</summary>
        private int Reserved => validation + pretrain;

        public override string MetricName => "accuracy";

        public override SecProbeNetwork Network(int hidden) =>
            new(train.FeatureCount, hidden, train.ClassCount, SecProbeNetwork.UnitL1FeatureScale(hidden));

        public override ISecProbeValidator Validator(SecProbeNetwork network) =>
            new ClassificationValidator(network, train.Subset(_order.AsSpan(0, validation)));

        public override double Evaluate(SecProbeNetwork network, float[] weights) => network.Accuracy(weights, test);

        public override float[] InitialWeights(SecProbeNetwork network, int pretrainEpochs, int seed)
        {
            var weights = network.Initialize(seed);
            // With a separate pretraining set the scores are on tuples the hidden layer never saw; without one (the
            // default) the silo pretrains on its validation set, which inflates every upload's score alike.
            var pretrainSet = pretrain > 0 ? _order.AsSpan(validation, pretrain) : _order.AsSpan(0, validation);
            SiloPretraining.TrainHiddenLayer(network, weights, train.Subset(pretrainSet), pretrainEpochs, SiloPretraining.DefaultLearningRate, seed);
            return weights;
        }

        public override double Sensitivity(FunctionalMechanismTrainer trainer, SecProbeNetwork network) =>
            trainer.ClassificationSensitivity(network.Outputs);

        public override Party CreateParty(int index, int count, double noise, int seed)
        {
            var data = train.Subset(Shard(_order, Reserved, index, count));
            return new ClassificationParty(noise > 0 ? UnreliableData.Corrupt(data, noise, seed * 7919 + index).Data : data);
        }

        public override Party Union(Party[] parties, bool[] include)
        {
            var indices = new List<int>();
            for (int p = 0; p < parties.Length; p++)
            {
                if (include[p])
                {
                    indices.AddRange(Shard(_order, Reserved, p, parties.Length));
                }
            }

            return new ClassificationParty(train.Subset(indices.ToArray()));
        }
    }

    private sealed class ClassificationParty(Dataset data) : Party
    {
        public override int Count => data.Count;

        public override float[] Train(FunctionalMechanismTrainer trainer, ReadOnlySpan<float> global, RandomSource random) =>
            trainer.TrainClassifier(global, data, random);
    }

    private sealed class Regression(RegressionData all, RegressionData test, int validation, int seed) : SecProbeTask
    {
        private readonly int[] _order = Shuffled(all.Count, seed);

        public override string MetricName => "mre";

        public override SecProbeNetwork Network(int hidden) => new(all.FeatureCount, hidden, 1, SecProbeNetwork.UnitL1FeatureScale(hidden));

        public override ISecProbeValidator Validator(SecProbeNetwork network) =>
            new RegressionValidator(network, all.Subset(_order.AsSpan(0, validation)));

        public override double Evaluate(SecProbeNetwork network, float[] weights) =>
            RegressionMetrics.MeanRelativeError(network, weights, test);

        public override float[] InitialWeights(SecProbeNetwork network, int pretrainEpochs, int seed) => network.Initialize(seed);

        public override double Sensitivity(FunctionalMechanismTrainer trainer, SecProbeNetwork network) =>
            OutputLayerObjectives.SigmoidSquaredErrorSensitivity(network.FeatureL1Bound);

        public override Party CreateParty(int index, int count, double noise, int seed)
        {
            var data = all.Subset(Shard(_order, validation, index, count));
            return new RegressionParty(noise > 0 ? UnreliableData.Corrupt(data, noise, seed * 7919 + index).Data : data);
        }

        public override Party Union(Party[] parties, bool[] include)
        {
            var indices = new List<int>();
            for (int p = 0; p < parties.Length; p++)
            {
                if (include[p])
                {
                    indices.AddRange(Shard(_order, validation, p, parties.Length));
                }
            }

            return new RegressionParty(all.Subset(indices.ToArray()));
        }
    }

    private sealed class RegressionParty(RegressionData data) : Party
    {
        public override int Count => data.Count;

        public override float[] Train(FunctionalMechanismTrainer trainer, ReadOnlySpan<float> global, RandomSource random) =>
            trainer.TrainRegressor(global, data, random);
    }
}
