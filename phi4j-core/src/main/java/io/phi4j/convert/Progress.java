package io.phi4j.convert;

/**
 * Progress of a long conversion, in elements (tensor values) processed. {@link #advance} may be called from
 * several threads at once.
 */
public interface Progress {
    /** Work begins: {@code totalElements} values will be processed. */
    void start(String task, long totalElements);

    void advance(long elements);

    /** Work ended (successfully or not). */
    void finish();

    /** Reports nothing. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long totalElements) {
        }

        @Override
        public void advance(long elements) {
        }

        @Override
        public void finish() {
        }
    };
}
