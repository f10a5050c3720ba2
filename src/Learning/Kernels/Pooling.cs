using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Max pooling over channels-last images: each window is reduced across channel vectors, and the flat index of
/// each (first) maximum is kept for the backward pass.
/// </summary>
internal static unsafe class Pooling
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(float* x, float* y, int* argMax, int count, int h, int w, int c, int kernel, int stride, int firstIndex)
    {
        int oh = ((h - kernel) / stride) + 1, ow = ((w - kernel) / stride) + 1;
        Vector256<int> lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (int s = 0; s < count; s++)
        {
            float* src = x + ((long)s * h * w * c);
            int sampleBase = firstIndex + (s * h * w * c);
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    long o = ((((long)s * oh) + r) * ow + q) * c;
                    int origin = ((r * stride * w) + (q * stride)) * c;
                    int ch = 0;
                    for (; ch + 8 <= c; ch += 8)
                    {
                        Vector256<float> best = Vector256.Load(src + origin + ch);
                        Vector256<int> at = Vector256.Create(origin + ch) + lane;
                        for (int i = 0; i < kernel; i++)
                        {
                            for (int j = 0; j < kernel; j++)
                            {
                                if (i == 0 && j == 0)
                                {
                                    continue;
                                }

                                int offset = ((((r * stride) + i) * w) + (q * stride) + j) * c + ch;
                                Vector256<float> v = Vector256.Load(src + offset);
                                Vector256<float> greater = Vector256.GreaterThan(v, best);
                                best = Vector256.ConditionalSelect(greater, v, best);
                                at = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(offset) + lane, at);
                            }
                        }

                        Vector256.Store(best, y + o + ch);
                        if (argMax != null)
                        {
                            Vector256.Store(at + Vector256.Create(sampleBase), argMax + o + ch);
                        }
                    }

                    for (; ch < c; ch++)
                    {
                        int bestAt = origin + ch;
                        float best = src[bestAt];
                        for (int i = 0; i < kernel; i++)
                        {
                            for (int j = 0; j < kernel; j++)
                            {
                                int offset = ((((r * stride) + i) * w) + (q * stride) + j) * c + ch;
                                if (src[offset] > best)
                                {
                                    best = src[offset];
                                    bestAt = offset;
                                }
                            }
                        }

                        y[o + ch] = best;
                        if (argMax != null)
                        {
                            argMax[o + ch] = sampleBase + bestAt;
                        }
                    }
                }
            }
        }
    }

    /// <summary>dX[argMax[o]] += dY[o] (dX must already hold zeros or earlier gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(float* dy, int* argMax, float* dx, long count)
    {
        for (long o = 0; o < count; o++)
        {
            dx[argMax[o]] += dy[o];
        }
    }
}
