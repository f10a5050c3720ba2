namespace OrleansFed.Interfaces.SecProbe;

/// <summary>
/// The configuration of a SecProbe campaign served over HTTP (docs/secprobe.md): the silo's named validation set, the
/// network, the round shape (M accepted, K selected), the selection's and the participants' budgets, and the
/// participants' functional-mechanism training settings. Every member has a documented default except
/// <see cref="ValidationSet"/>, <see cref="Rounds"/>, <see cref="Accept"/>, <see cref="Select"/> and
/// <see cref="ParticipantEpsilon"/>.
/// </summary>
public sealed record SecProbeCampaignSpec
{
    /// <summary>Default number of bounded hidden units.</summary>
    public const int DefaultHidden = 32;

    /// <summary>Default epochs the silo trains the hidden layer on its validation set before round 1.</summary>
    public const int DefaultPretrainEpochs = 10;

    /// <summary>Default gradient iterations I per round on the perturbed objective.</summary>
    public const int DefaultIterations = 10;

    /// <summary>Default relative step ρ of the participants' gradient iterations.</summary>
    public const double DefaultLearningRate = 0.05;

    /// <summary>Default <see cref="ClaimTimeoutSeconds"/>.</summary>
    public const int DefaultClaimTimeoutSeconds = 120;

    /// <summary>Default ε₁ of one exponential-mechanism draw.</summary>
    public const double DefaultSelectionEpsilon = 1;

    /// <summary>Default Δu of the validation accuracy (the paper's value).</summary>
    public const double DefaultUtilitySensitivity = 0.5;

    /// <summary>The paper's selection: K successive exponential-mechanism draws of ε₁ each.</summary>
    public const string SequentialSelection = "sequential";

    /// <summary>One exponential mechanism over K-subsets with budget Kε₁ (docs/secprobe.md).</summary>
    public const string JointSelection = "joint";

    /// <summary>Lemma 4's release: every class objective's coefficients perturbed (Δ = C(b + b²/4)).</summary>
    public const string PerClassRelease = "per-class";

    /// <summary>Per-class feature sums and one shared Gram matrix perturbed (Δ = 2b + b²/4).</summary>
    public const string ClassSumsRelease = "class-sums";

    /// <summary>Name of the silo's validation set (configured under <c>Silo:SecProbeValidationSets</c>).</summary>
    public string ValidationSet { get; init; } = "";

    /// <summary>Rounds to run (1 … 10,000).</summary>
    public int Rounds { get; init; }

    /// <summary>M: uploads a round accepts before it tells everyone else to stop.</summary>
    public int Accept { get; init; }

    /// <summary>K ≤ M: uploads selected and averaged.</summary>
    public int Select { get; init; }

    /// <summary>ε₂ each accepted participant spends per round on its functional-mechanism objective.</summary>
    public double ParticipantEpsilon { get; init; }

    /// <summary>ε₁ of one selection draw (the campaign ledger records Kε₁ per round).</summary>
    public double SelectionEpsilon { get; init; } = DefaultSelectionEpsilon;

    /// <summary>Δu of the validation utility (accuracy).</summary>
    public double UtilitySensitivity { get; init; } = DefaultUtilitySensitivity;

    /// <summary><see cref="SequentialSelection"/> (default) or <see cref="JointSelection"/>.</summary>
    public string SelectionMechanism { get; init; } = SequentialSelection;

    /// <summary><see cref="PerClassRelease"/> (default) or <see cref="ClassSumsRelease"/>.</summary>
    public string CoefficientRelease { get; init; } = PerClassRelease;

    /// <summary>Bounded hidden units (1 … 1,024).</summary>
    public int Hidden { get; init; } = DefaultHidden;

    /// <summary>Epochs the silo pretrains its hidden layer on its validation set (0 … 1,000).</summary>
    public int PretrainEpochs { get; init; } = DefaultPretrainEpochs;

    /// <summary>I: gradient iterations per round (1 … 10,000).</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>ρ: the participants' relative step (positive, at most 10).</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Average only the output layer; the silo keeps its hidden layer (participants never change it).</summary>
    public bool SiloKeepsHidden { get; init; }

    /// <summary>
    /// How long a participant's claim of a place in a round holds (1 … 86,400 s): it should cover downloading, training
    /// and uploading. A lapsed claim frees the place for others.
    /// </summary>
    public int ClaimTimeoutSeconds { get; init; } = DefaultClaimTimeoutSeconds;

    /// <summary>
    /// The most ε a participant may spend in the campaign (ε₂ per upload that reaches the silo, accepted or not):
    /// once another upload would exceed it, the silo refuses the participant's claims and uploads (409
    /// <c>privacy-budget-exhausted</c>) before reading them. <see langword="null"/> (the default): no cap of the silo's.
    /// </summary>
    public double? ParticipantEpsilonBudget { get; init; }

    /// <summary>Seeds the silo's initial weights and pretraining.</summary>
    public int Seed { get; init; }
}
