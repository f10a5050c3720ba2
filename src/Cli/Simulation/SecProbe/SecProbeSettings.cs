namespace OrleansFed.Cli.Simulation.SecProbe;

/// <summary>Everything <c>orleansfed simulate --protocol secprobe</c> was asked to do.</summary>
internal sealed record SecProbeSettings
{
    /// <summary><c>mnist</c>, <c>synthetic</c> (MNIST-shaped blobs) or <c>regression</c> (synthetic tabular, MRE).</summary>
    public required string Dataset { get; init; }

    /// <summary>N.</summary>
    public required int Clients { get; init; }

    /// <summary>M: uploads accepted per round.</summary>
    public required int Accept { get; init; }

    /// <summary>K: uploads averaged per round.</summary>
    public required int Select { get; init; }

    /// <summary>ε₂: each participant's functional-mechanism budget per round.</summary>
    public required double Epsilon { get; init; }

    /// <summary>ε₁ of each exponential-mechanism draw.</summary>
    public required double SelectionEpsilon { get; init; }

    /// <summary><c>sequential</c> (K draws of ε₁ each, the paper's) or <c>joint</c> (one exponential mechanism over K-sets, budget Kε₁).</summary>
    public string SelectionMechanism { get; init; } = "sequential";

    /// <summary>
    /// <c>per-class</c> (every coefficient of the C objectives, the paper's Lemma 4 Δ) or <c>class-sums</c> (per-class
    /// feature sums and one shared Gram matrix, Δ = 2b + b²/4; classification only).
    /// </summary>
    public string CoefficientRelease { get; init; } = "per-class";

    /// <summary>Δu of the validation utility.</summary>
    public double UtilitySensitivity { get; init; } = 0.5;

    /// <summary>R: fraction of participants that are unreliable.</summary>
    public double Unreliable { get; init; }

    /// <summary>P: fraction of an unreliable participant's tuples replaced by uniform noise.</summary>
    public double NoiseFraction { get; init; }

    /// <summary>Participants uploading uniform random weights in [0, 1].</summary>
    public int Malicious { get; init; }

    /// <summary><c>exponential</c> (SecProbe), <c>uniform</c> (K at random) or <c>all</c> (plain FedAvg of the M).</summary>
    public string Aggregate { get; init; } = "exponential";

    /// <summary>Average only the output layer (what participants train) and keep the silo's hidden layer.</summary>
    public bool SiloKeepsHidden { get; init; }

    public required int Rounds { get; init; }

    /// <summary>H, the hidden width.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>I, gradient steps per round on the perturbed objective.</summary>
    public int Iterations { get; init; } = Client.SecProbe.FunctionalMechanismOptions.DefaultIterations;

    /// <summary>ρ, the relative step; null: the trainer's default for the task.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Epochs the silo trains the hidden layer on its own validation tuples before round 1 (classification; 0 = random).</summary>
    public int PretrainEpochs { get; init; } = 10;

    /// <summary>
    /// Further tuples the silo holds for pretraining the hidden layer only (taken out of the training set); 0: it
    /// pretrains on its validation set.
    /// </summary>
    public int PretrainSize { get; init; }

    /// <summary>Tuples held by the silo as its auxiliary validation set (taken out of the training set).</summary>
    public int ValidationSize { get; init; } = 1000;

    /// <summary>Also run stand-alone (one participant alone) and centralized (all data, one party) training.</summary>
    public bool Baselines { get; init; }

    public int Seed { get; init; }

    public string DataDirectory { get; init; } = "data/mnist";

    /// <summary>Training-set size of the synthetic data sets.</summary>
    public int SyntheticTrainCount { get; init; } = 12000;

    /// <summary>Checks the combination; every failure is a usage error (exit 2) with a plain message.</summary>
    public void Validate()
    {
        if (Accept < 1 || Accept > Clients)
        {
            throw new UsageException($"--m must lie in [1, --clients]; got {Accept} with {Clients} clients.");
        }

        if (Select < 1 || Select > Accept)
        {
            throw new UsageException($"--k must lie in [1, --m]; got {Select} with --m {Accept}.");
        }

        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new UsageException($"--epsilon must be a positive number; got {Epsilon}.");
        }

        if (!(SelectionEpsilon > 0) || !double.IsFinite(SelectionEpsilon))
        {
            throw new UsageException($"--selection-epsilon must be a positive number; got {SelectionEpsilon}.");
        }

        if (!(Unreliable >= 0 && Unreliable <= 1))
        {
            throw new UsageException($"--unreliable must lie in [0, 1]; got {Unreliable}.");
        }

        if (!(NoiseFraction >= 0 && NoiseFraction <= 1))
        {
            throw new UsageException($"--noise-fraction must lie in [0, 1]; got {NoiseFraction}.");
        }

        if (Malicious < 0 || Malicious + UnreliableCount > Clients)
        {
            throw new UsageException(
                $"--malicious must lie in [0, clients − unreliable participants]; got {Malicious} with {UnreliableCount} unreliable of {Clients}.");
        }

        if (SelectionMechanism == "joint" && Aggregate != "exponential")
        {
            throw new UsageException("--selection-mechanism joint needs --secprobe-aggregate exponential.");
        }

        if (CoefficientRelease == "class-sums" && Dataset == "regression")
        {
            throw new UsageException("--coefficient-release class-sums is a classification release; regression has one objective to release.");
        }

        if (PretrainSize > 0 && Dataset == "regression")
        {
            throw new UsageException("--silo-pretrain-size applies to classification; the regression task's hidden layer is not pretrained.");
        }

        if (!(UtilitySensitivity > 0) || !double.IsFinite(UtilitySensitivity))
        {
            throw new UsageException($"--utility-sensitivity must be a positive number; got {UtilitySensitivity}.");
        }
    }

    /// <summary>⌊R·N⌋.</summary>
    public int UnreliableCount => (int)Math.Floor(Unreliable * Clients + 1e-9);
}
