namespace OrleansFed.Learning;

/// <summary>A model's quality on a data set.</summary>
/// <param name="Accuracy">Fraction of examples whose highest score is the label (0 when empty).</param>
/// <param name="Loss">Mean softmax cross-entropy (0 when empty).</param>
/// <param name="Count">Number of examples evaluated.</param>
public sealed record Evaluation(double Accuracy, double Loss, int Count);
