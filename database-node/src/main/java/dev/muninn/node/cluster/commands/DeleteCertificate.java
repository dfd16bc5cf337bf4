package dev.muninn.node.cluster.commands;

/** Removes a client certificate's registration: its next request is refused. Unknown thumbprints change nothing. */
public record DeleteCertificate(String thumbprint) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        state.deleteCertificate(thumbprint);
        return CommandResult.ok(index);
    }
}
