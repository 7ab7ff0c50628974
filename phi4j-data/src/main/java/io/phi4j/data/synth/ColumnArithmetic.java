package io.phi4j.data.synth;

/**
 * Worked column addition and subtraction of numbers below 100, in one fixed shape so a small model can learn to
 * follow it: ones first (with the carry or borrow said out loud), then tens, then the result.
 */
final class ColumnArithmetic {
    private ColumnArithmetic() {
    }

    /** "Add the ones: 7 + 8 = 15. Write 5 and carry 1. Add the tens: 2 + 3 + 1 = 6. So 27 + 38 = 65." */
    static String addSteps(int a, int b) {
        int s = a + b;
        if (a < 10 && b < 10) {
            return a + " + " + b + " = " + s + ".";
        }
        int ones = a % 10 + b % 10;
        StringBuilder sb = new StringBuilder();
        sb.append("Add the ones: ").append(a % 10).append(" + ").append(b % 10).append(" = ").append(ones).append('.');
        int carry = ones >= 10 ? 1 : 0;
        if (carry == 1) {
            sb.append(" Write ").append(ones % 10).append(" and carry 1.");
        }
        sb.append(" Add the tens: ").append(a / 10).append(" + ").append(b / 10);
        if (carry == 1) {
            sb.append(" + 1");
        }
        sb.append(" = ").append(a / 10 + b / 10 + carry).append('.');
        sb.append(" So ").append(a).append(" + ").append(b).append(" = ").append(s).append('.');
        return sb.toString();
    }

    /** "Subtract the ones: 3 is less than 8, so borrow 1 ten: 13 - 8 = 5. Subtract the tens: 7 - 1 - 2 = 4. So …" */
    static String subSteps(int a, int b) {
        if (b > a) {
            throw new IllegalArgumentException(a + " - " + b);
        }
        int d = a - b;
        if (a < 10) {
            return a + " - " + b + " = " + d + ".";
        }
        StringBuilder sb = new StringBuilder();
        int ao = a % 10;
        int bo = b % 10;
        boolean borrow = ao < bo;
        if (borrow) {
            sb.append("Subtract the ones: ").append(ao).append(" is less than ").append(bo)
                    .append(", so borrow 1 ten: ").append(ao + 10).append(" - ").append(bo).append(" = ")
                    .append(ao + 10 - bo).append('.');
            sb.append(" Subtract the tens: ").append(a / 10).append(" - 1 - ").append(b / 10).append(" = ")
                    .append(a / 10 - 1 - b / 10).append('.');
        } else {
            sb.append("Subtract the ones: ").append(ao).append(" - ").append(bo).append(" = ").append(ao - bo)
                    .append('.');
            sb.append(" Subtract the tens: ").append(a / 10).append(" - ").append(b / 10).append(" = ")
                    .append(a / 10 - b / 10).append('.');
        }
        sb.append(" So ").append(a).append(" - ").append(b).append(" = ").append(d).append('.');
        return sb.toString();
    }
}
