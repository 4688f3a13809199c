package io.tossbill.sandbox;

/** Tells the snapshot writer that some persistent state changed. */
final class Changes {

  private volatile Runnable listener = () -> {};

  void listen(Runnable newListener) {
    this.listener = newListener;
  }

  void fire() {
    listener.run();
  }
}
