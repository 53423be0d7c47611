export function optimizerStep(opt, t, theta, g, m, v) {
    const { learningRate: eta, beta1, beta2, epsilon } = opt;
    for (let i = 0; i < theta.length; i++) {
        const gi = g[i];
        switch (opt.type) {
            case 'sgd':
                theta[i] -= eta * gi;
                break;
            case 'momentum':
                m[i] = beta1 * m[i] - eta * gi;
                theta[i] += m[i];
                break;
            case 'nesterov':
                m[i] = beta1 * m[i] - eta * gi;
                theta[i] += beta1 * m[i] - eta * gi;
                break;
            case 'adam': {
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                const mHat = m[i] / (1 - beta1 ** t);
                const vHat = v[i] / (1 - beta2 ** t);
                theta[i] -= (eta * mHat) / (Math.sqrt(vHat) + epsilon);
                break;
            }
            case 'rmsprop':
                m[i] = beta1 * m[i] + (1 - beta1) * gi * gi;
                theta[i] -= (eta * gi) / (Math.sqrt(m[i]) + epsilon);
                break;
        }
    }
}
//# sourceMappingURL=optimizers.js.map