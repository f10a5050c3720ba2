# Independent 400-digit evaluation of Wang, Balle and Kasiviswanathan (2019), Theorem 27, for the reference values of
# WithoutReplacementGaussianRdpTests: forward differences as exact binomial sums (slow: minutes for high orders).
# Usage: python3 wor_reference.py Q SIGMA STEPS DELTA
import math, sys
from decimal import Decimal as D, getcontext
getcontext().prec = 400
def comb(n,k): return D(math.comb(n,k))
def logA_int(q, sigma, a):
    q=D(q); s2=D(2)*D(sigma)**2
    h=lambda i: (D(i*(i-1))/s2).exp()
    eps2 = D(2)/s2  # RDP of Gaussian at order 2 = 2/(2 sigma^2)
    def B(l): return sum(((-1)**(l-i))*comb(l,i)*h(i) for i in range(l+1))
    total = D(1)
    for j in range(2, a+1):
        if j == 2:
            t = min(D(4)*(eps2.exp()-1), D(2)*eps2.exp())
        elif a <= 256:
            lo, hi = 2*(j//2), 2*((j+1)//2)
            t = min(D(4)*(B(lo)*B(hi)).sqrt(), D(2)*h(j))
        else:
            t = D(2)*h(j)
        total += q**j * comb(a,j) * t
    return total.ln()
def rdp(q, sigma, alpha):
    if q == 1: return alpha/(2*sigma*sigma)
    if float(alpha).is_integer(): return float(logA_int(q,sigma,int(alpha)))/(alpha-1)
    f, c = math.floor(alpha), math.ceil(alpha)
    x = float(logA_int(q,sigma,f)) if f > 1 else 0.0
    y = float(logA_int(q,sigma,c)); t = alpha-f
    return ((1-t)*x+t*y)/(alpha-1)
orders=[1.25,1.5,1.75,2,2.25,2.5,3,3.5,4,4.5]+list(range(5,64))+[128,256,512]
def eps(q,sigma,steps,delta):
    best=float('inf')
    for a in orders:
        r=steps*rdp(q,sigma,a)
        e = r + math.log1p(-1/a) - (math.log(delta)+math.log(a))/(a-1)
        best=min(best,e)
    return best
if __name__ == "__main__":
    q,s,T,d = map(float, sys.argv[1:5])
    for a in [1.5,2,3,10,32,63]:
        print(a, repr(rdp(q,s,a)))
    print("eps", eps(q,s,int(T),d))
