import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Allocation sites of the server's event-loop and worker threads in a JFR recording, in bytes per
 * request: {@code java AllocSites.java <file.jfr> <requests in the recording> <top n>}. Exact with
 * {@code -XX:-UseTLAB} and {@code jdk.ObjectAllocationOutsideTLAB} (every allocation is an event);
 * with {@code jdk.ObjectAllocationSample} it sums the events' weights (a sample). A site is the
 * allocated class and the first frame outside the JDK; "udp"/"http" is guessed from the stack.
 */
public class AllocSites {
    public static void main(String[] args) throws Exception {
        double requests = Double.parseDouble(args[1]);
        Map<String, Long> sites = new HashMap<>();
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                boolean exact = type.equals("jdk.ObjectAllocationOutsideTLAB");
                if (!exact && !type.equals("jdk.ObjectAllocationSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("eventThread");
                String name = thread == null ? null : thread.getJavaName();
                if (name == null || !(name.startsWith("fastd-loop") || name.startsWith("fastd-worker"))) {
                    continue;
                }
                String protocol = "?";
                String site = "?";
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null) {
                    for (RecordedFrame frame : stack.getFrames()) {
                        String owner = frame.getMethod().getType().getName();
                        if (protocol.equals("?") && (owner.contains("Udp") || owner.contains("Datagram"))) {
                            protocol = "udp";
                        } else if (protocol.equals("?") && (owner.contains("Http") || owner.contains("Aggregat"))) {
                            protocol = "http";
                        }
                    }
                    for (RecordedFrame frame : stack.getFrames()) {
                        String owner = frame.getMethod().getType().getName();
                        if (owner.startsWith("java.") || owner.startsWith("jdk.") || owner.contains("$$Lambda")) {
                            continue;
                        }
                        site = owner.substring(owner.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
                        break;
                    }
                }
                long bytes = exact ? event.getLong("allocationSize") : event.getLong("weight");
                sites.merge(protocol + " | " + event.getClass("objectClass").getName() + " | " + site, bytes, Long::sum);
            }
        }
        sites.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(Integer.parseInt(args[2]))
                .forEach(entry -> System.out.printf("%8.1f  %s%n", entry.getValue() / requests, entry.getKey()));
    }
}
