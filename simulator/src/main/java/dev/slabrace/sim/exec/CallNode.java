package dev.slabrace.sim.exec;

import dev.slabrace.trace.EventCursor;
import java.util.Arrays;

/**
 * A node of the call-chain trie: the frames from this node up to the root are a stack, innermost first.
 * A node interns its stack once and remembers whether the trace has declared it yet, so events carry a
 * stack id without building an array each time.
 */
final class CallNode {
  final CallNode parent;
  final String frame;
  int stackId = EventCursor.NONE;
  boolean declared;
  private String[] childFrames = new String[0];
  private CallNode[] children = new CallNode[0];

  CallNode(CallNode parent, String frame) {
    this.parent = parent;
    this.frame = frame;
  }

  /** Returns the node one call deeper, through {@code frame}. */
  CallNode child(String frame) {
    for (int i = 0; i < childFrames.length; i++) {
      if (childFrames[i] == frame || childFrames[i].equals(frame)) {
        return children[i];
      }
    }
    CallNode node = new CallNode(this, frame);
    childFrames = Arrays.copyOf(childFrames, childFrames.length + 1);
    children = Arrays.copyOf(children, children.length + 1);
    childFrames[childFrames.length - 1] = frame;
    children[children.length - 1] = node;
    return node;
  }

  /** Whether this is the root: no frames. */
  boolean isRoot() {
    return parent == null;
  }

  /** Returns how many frames the stack has. */
  int depth() {
    int depth = 0;
    for (CallNode n = this; !n.isRoot(); n = n.parent) {
      depth++;
    }
    return depth;
  }
}
