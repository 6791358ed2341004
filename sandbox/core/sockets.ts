import type { Socket } from 'node:net';

/** Open sockets of one server, so close() can end keep-alive and hanging connections at once. */
export class SocketSet {
  private readonly sockets = new Set<Socket>();

  add(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** Resolves when a server has stopped listening (it stays listening until every socket is gone). */
export function closeServer(server: { close(cb: (err?: Error) => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
