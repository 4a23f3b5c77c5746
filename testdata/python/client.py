# The tutorial's threaded client ("Basic Threading in Python"), in Python 3,
# for the interop tests (cmd/threads) and the benchmark's P4 row (bench).
# Changes from the tutorial, and why:
#   - print is a function and sockets carry bytes (Python 3);
#   - the port, the number of client threads (the tutorial starts 5; one is
#     the tutorial's plain client) and of messages each sends (the
#     tutorial's 10) come from the command line.
#
# usage: python3 client.py PORT CLIENTS MESSAGES
import pickle
import socket
import sys
import threading

port, clients, messages = (int(a) for a in sys.argv[1:4])


# Here's our thread:
class ConnectionThread(threading.Thread):

    def run(self):

        # Connect to the server:
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.connect(('127.0.0.1', port))

        # Retrieve and unpickle the list object:
        print(pickle.loads(client.recv(1024)))

        # Send some messages:
        for x in range(messages):
            client.send(('Hey. ' + str(x) + '\n').encode())

        # Close the connection
        client.close()


# Let's spawn a few threads:
for x in range(clients):
    ConnectionThread().start()
