/** The rules of the call: accounts, contacts, presence, call lifecycle, routing plan, history. */
package org.babelbridge.calls;
